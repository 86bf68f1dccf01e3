/// The recursive-descent engine behind ``JSONParser``: reads one document from memory that stays
/// valid for the reader's lifetime. Every index is checked against `count` before a byte is read.
///
/// Containers are built on two stacks the reader owns (values of open arrays, members of open
/// objects): a container's elements are moved off the stack into one exactly sized array when it
/// closes, so each array or object costs one allocation, without regrowth. Whatever is left on
/// the stacks when a parse throws is destroyed by their `deinit` (``JSONReaderStack``). (A cache of short key strings was
/// tried and did not pay: building a small `String` costs about as much as a cache hit.)
struct JSONReader: ~Copyable, JSONReading {
    let base: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var index = 0
    var depth = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Elements of the arrays being read, innermost last.
    private var values: JSONReaderStack<JSONValue>
    /// Members of the objects being read, innermost last.
    private var members: JSONReaderStack<JSONMember>

    /// A reader whose stacks start in `values` and `members`, uninitialized memory the caller
    /// keeps valid (and does not otherwise use) for the reader's lifetime.
    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int,
         values: UnsafeMutableBufferPointer<JSONValue>, members: UnsafeMutableBufferPointer<JSONMember>) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
        self.values = JSONReaderStack(values)
        self.members = JSONReaderStack(members)
    }

    // MARK: Values

    mutating func parseArray() throws -> JSONValue {
        try enterContainer()
        index += 1  // [
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let mark = values.count
        while true {
            values.push(try parseValue())
            skipWhitespace()
            guard index < count else { throw error("unterminated array: expected ',' or ']'", at: index) }
            let byte = base[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(values.pop(from: mark))
            } else {
                throw error("expected ',' or ']', found \(describe(byte))", at: index)
            }
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enterContainer()
        index += 1  // {
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([])
        }
        let mark = members.count
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
            members.push(JSONMember(key, try parseValue()))
            skipWhitespace()
            guard index < count else { throw error("unterminated object: expected ',' or '}'", at: index) }
            let byte = base[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members.pop(from: mark))
            } else {
                throw error("expected ',' or '}', found \(describe(byte))", at: index)
            }
        }
    }

    // MARK: Whitespace

    @inline(__always)
    mutating func skipWhitespace() {
        // Most tokens follow no whitespace or a single space (Python's separators).
        guard index < count, base[index] <= 0x20 else { return }
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    // MARK: Strings

    /// The flags (bit 7 of a byte) of the bytes of `word` that are a quote, a backslash, a control
    /// character or not ASCII: the bytes the fast string scan must stop at. The lowest flag is
    /// exact (a borrow can only set false flags above a true one).
    @inline(__always)
    private static func attentionFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        return (belowSpace | hasQuote | hasBackslash | word) & highs
    }

    /// Whether one of the 16 bytes at `position` is a quote, a backslash, a control character or
    /// not ASCII. (Two words rather than `SIMD16`: the generic SIMD initialisers and reductions
    /// do not compile to vector code here.)
    @inline(__always)
    private func blockNeedsAttention(at position: Int) -> Bool {
        let raw = UnsafeRawPointer(base + position)
        let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        return Self.attentionFlags(first) | Self.attentionFlags(second) != 0
    }

    /// Advances `index` over plain string bytes; stops at a quote or backslash (or the end).
    /// Returns whether a non-ASCII byte was seen. Throws on raw control characters.
    @inline(__always)
    private mutating func scanPlainRun(stringStart: Int) throws -> Bool {
        var position = index
        var sawNonASCII = false
        while true {
            // Long runs (base64 payloads): 16 bytes per step until a block needs a closer look.
            while count - position >= 16, !blockNeedsAttention(at: position) {
                position += 16
            }
            // Then 8 bytes per step; the first flagged byte is located exactly.
            while count - position >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let flags = Self.attentionFlags(word)
                if flags != 0 {
                    position += flags.trailingZeroBitCount >> 3
                    break
                }
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
            let length = index - runStart
            index += 1
            if !nonASCII {
                return String(decoding: UnsafeBufferPointer(start: base + runStart, count: length), as: UTF8.self)
            }
            let run = UnsafeBufferPointer(start: base + runStart, count: length)
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
