/// Parses JSON text the way Python's `json.loads` reads it (PROTOCOL.md §5.1).
///
/// - The bare tokens `NaN`, `Infinity` and `-Infinity` are doubles.
/// - A number without fraction or exponent is ``JSONValue/integer(_:)``; outside `Int64` it keeps
///   its exact text as ``JSONValue/bigInteger(_:)``. A number with a fraction or an exponent is
///   ``JSONValue/double(_:)`` (`1e400` is `+infinity`, as in Python).
/// - Whitespace is space, tab, line feed and carriage return only. Anything after the value other
///   than whitespace is an error. A leading UTF-8 byte order mark is skipped (as `json.loads`
///   does for `bytes`); the input must be UTF-8.
/// - Strings must be valid UTF-8 without raw control characters (U+0000–U+001F). `\uXXXX`
///   escapes combine surrogate pairs. A lone surrogate escape, which Python keeps as an unpaired
///   code point, cannot live in a Swift `String`: it becomes U+FFFD (the replacement character).
/// - Objects keep their members in document order, duplicates included.
/// - Arrays and objects nested deeper than `maxDepth` are an error.
///
/// Every failure is a `WireError` with code `.invalidJSON` and the byte offset of the problem.
package enum JSONParser {
    /// The nesting depth accepted when none is given.
    package static let defaultMaxDepth: Int = 512

    /// Values and members the reader's stacks hold before they move to the heap.
    private static let initialStackCapacity = 32

    /// Parses a UTF-8 JSON document.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBytes { try parse($0, maxDepth: maxDepth) }
    }

    /// Parses a JSON document held in a string.
    package static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0), maxDepth: maxDepth) }
    }

    /// Parses a UTF-8 JSON document in memory the caller owns for the duration of the call.
    package static func parse(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw WireError(.invalidJSON, "expected a value, found the end of the input", offset: 0)
        }
        // The reader's stacks start in stack memory: a small message parses without allocating
        // anything but its own values.
        return try withUnsafeTemporaryAllocation(of: JSONValue.self, capacity: initialStackCapacity) { values in
            try withUnsafeTemporaryAllocation(of: JSONMember.self, capacity: initialStackCapacity) { members in
                var reader = JSONReader(
                    base: base.assumingMemoryBound(to: UInt8.self), count: buffer.count, maxDepth: maxDepth,
                    values: values, members: members)
                return try reader.parseDocument()
            }
        }
    }
}
