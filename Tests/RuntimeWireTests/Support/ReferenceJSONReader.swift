#if canImport(RuntimeWire)
@testable import RuntimeWire
#endif

/// The JSON reader as it was before the fast paths (stacks for containers, 16-byte string
/// scans): its container building and string scanning, kept as the reference the differential tests and the JSON fuzz target compare
/// the production ``JSONParser`` with. Same results, same error offsets, same messages.
struct ReferenceJSONReader: JSONReading {
    let base: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var index = 0
    var depth = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
    }

    // MARK: Document

    // MARK: Values

    mutating func parseArray() throws -> JSONValue {
        try enterContainer()
        index += 1  // [
        skipWhitespace()
        var elements: [JSONValue] = []
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        elements.reserveCapacity(8)
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < count else { throw error("unterminated array: expected ',' or ']'", at: index) }
            let byte = base[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']', found \(describe(byte))", at: index)
            }
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enterContainer()
        index += 1  // {
        skipWhitespace()
        var members: [JSONMember] = []
        if index < count, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        members.reserveCapacity(8)
        while true {
            guard index < count else { throw error("unterminated object: expected a string key", at: index) }
            guard base[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key in double quotes, found \(describe(base[index]))", at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < count else { throw error("unterminated object: expected ':'", at: index) }
            guard base[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after an object key, found \(describe(base[index]))", at: index)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key, value))
            skipWhitespace()
            guard index < count else { throw error("unterminated object: expected ',' or '}'", at: index) }
            let byte = base[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            } else {
                throw error("expected ',' or '}', found \(describe(byte))", at: index)
            }
        }
    }

    // MARK: Whitespace

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    // MARK: Strings

    /// True when one of the eight bytes of `word` is a quote, a backslash, a control character or
    /// not ASCII: the bytes the fast string scan must stop at.
    @inline(__always)
    private static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        return ((belowSpace | hasQuote | hasBackslash | word) & highs) != 0
    }

    /// Advances `index` over plain string bytes; stops at a quote or backslash (or the end).
    /// Returns whether a non-ASCII byte was seen. Throws on raw control characters.
    @inline(__always)
    private mutating func scanPlainRun(stringStart: Int) throws -> Bool {
        var position = index
        var sawNonASCII = false
        while true {
            while count - position >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                if Self.needsAttention(word) { break }
                position += 8
            }
            guard position < count else {
                index = position
                throw error("unterminated string", at: stringStart)
            }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw error("control character \(describe(byte)) in a string", at: position)
            }
            if byte >= 0x80 { sawNonASCII = true }
            position += 1
        }
        index = position
        return sawNonASCII
    }

    mutating func parseString() throws -> String {
        let stringStart = index
        index += 1  // opening quote
        let runStart = index
        let nonASCII = try scanPlainRun(stringStart: stringStart)
        if base[index] == UInt8(ascii: "\"") {
            let run = UnsafeBufferPointer(start: base + runStart, count: index - runStart)
            index += 1
            if !nonASCII {
                return String(decoding: run, as: UTF8.self)
            }
            if let text = String(validating: run, as: UTF8.self) {
                return text
            }
            throw error("invalid UTF-8 in a string", at: runStart + (UTF8Validation.firstInvalidOffset(run) ?? 0))
        }
        // Slow path: the string has escapes.
        scratch.removeAll(keepingCapacity: true)
        try appendRun(from: runStart, nonASCII: nonASCII)
        while true {
            // base[index] is a backslash here.
            try appendEscape()
            let next = index
            let sawNonASCII = try scanPlainRun(stringStart: stringStart)
            try appendRun(from: next, nonASCII: sawNonASCII)
            if base[index] == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            }
        }
    }

}

extension ReferenceJSONReader {
    /// Parses `bytes` with the reference reader (the interface of ``JSONParser/parse(_:maxDepth:)``).
    static func parse(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                throw WireError(.invalidJSON, "expected a value, found the end of the input", offset: 0)
            }
            var reader = ReferenceJSONReader(base: base, count: buffer.count, maxDepth: maxDepth)
            return try reader.parseDocument()
        }
    }
}
