import RuntimeWire

/// The processor of a backend (`processor_type`), such as Heron revision 2.
public struct BackendProcessorType: Sendable, Hashable, CustomStringConvertible {
    /// The processor family, such as `Heron` or `Eagle`.
    public var family: String
    /// The revision within the family, such as `2`, if the service says.
    public var revision: String?
    /// The segment of the processor, if the service says.
    public var segment: String?

    /// Creates a processor type.
    public init(family: String, revision: String? = nil, segment: String? = nil) {
        self.family = family
        self.revision = revision
        self.segment = segment
    }

    /// Reads `{"family", "revision", "segment"}` (revision a string or a number), or a plain string
    /// as the family; `nil` for anything else.
    init?(json: JSONValue?) {
        guard let json else { return nil }
        if let text = json.stringValue, !text.isEmpty {
            self.init(family: text)
            return
        }
        guard json.objectValue != nil, let family = json["family"]?.stringValue else { return nil }
        func text(_ value: JSONValue?) -> String? {
            if let string = value?.stringValue { return string.isEmpty ? nil : string }
            if let number = value?.wholeNumber { return String(number) }
            return nil
        }
        self.init(family: family, revision: text(json["revision"]), segment: text(json["segment"]))
    }

    /// `Heron r2` (the family, then `r` and the revision when known).
    public var description: String {
        revision.map { "\(family) r\($0)" } ?? family
    }
}
