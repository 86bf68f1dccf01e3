import RuntimeWire

/// The header fields of a ``RuntimeHTTPRequest`` or ``RuntimeHTTPResponse``, in order.
///
/// Names keep the case they were given or received with; lookups compare them
/// case-insensitively. Two header lists are equal when they hold the same fields in the same
/// order, names spelled the same.
///
/// ```swift
/// var headers: RuntimeHTTPHeaders = [("Accept", "application/json")]
/// headers.append(name: "Content-Type", value: "application/json")
/// let accept = headers["accept"]  // "application/json"
/// ```
public struct RuntimeHTTPHeaders: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral,
    CustomStringConvertible {
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The name, as given or received.
        public var name: String
        /// The value.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var fields: [Field]

    /// Creates headers from `(name, value)` pairs, in order.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields.map { Field(name: $0.name, value: $0.value) }
    }

    /// Creates headers from a literal list of `(name, value)` pairs.
    public init(arrayLiteral elements: (String, String)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> Field { fields[position] }

    /// The value of the first field named `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { HTTPHeaders.equal($0.name, name) }?.value
    }

    /// Appends a field (an existing one of the same name is kept).
    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// The fields as `(name, value)` pairs.
    var pairs: [(name: String, value: String)] { fields.map { ($0.name, $0.value) } }

    /// `name: value` lines, with every value shown as `<redacted>`: header values carry
    /// credentials.
    public var description: String {
        fields.map { "\($0.name): <redacted>" }.joined(separator: "\n")
    }
}

