/// The recursive-descent engine behind ``JSONParser``: reads one document from memory that stays
/// valid for the reader's lifetime. Every index is checked against `count` before a byte is read.
///
/// Containers are built on two stacks the reader owns (values of open arrays, members of open
/// objects): a container's elements are moved off the stack into one exactly sized array when it
/// closes, so each array or object costs one allocation, without regrowth. Whatever is left on
/// the stacks when a parse throws is destroyed in `deinit`. (A cache of short key strings was
/// tried and did not pay: building a small `String` costs about as much as a cache hit.)
struct JSONReader: ~Copyable {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let maxDepth: Int
    private var index = 0
    private var depth = 0
    /// Reused buffer for strings that contain escapes.
    private var scratch: [UInt8] = []
    /// Elements of the arrays being read, innermost last.
    private var values: UnsafeMutablePointer<JSONValue>
    private var valueCount = 0
    private var valueCapacity: Int
    /// Members of the objects being read, innermost last.
    private var members: UnsafeMutablePointer<JSONMember>
    private var memberCount = 0
    private var memberCapacity: Int

    /// Values and members that fit in the caller's initial buffers (such as stack memory from
    /// `withUnsafeTemporaryAllocation`) need no allocation; beyond them the stacks move to the heap.
    private var ownsValues = false
    private var ownsMembers = false

    /// A reader whose stacks start in `values` and `members`, uninitialized memory the caller
    /// keeps valid (and does not otherwise use) for the reader's lifetime.
    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int,
         values: UnsafeMutableBufferPointer<JSONValue>, members: UnsafeMutableBufferPointer<JSONMember>) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
        if let start = values.baseAddress, values.count > 0 {
            self.values = start
            valueCapacity = values.count
        } else {
            self.values = .allocate(capacity: 16)
            valueCapacity = 16
            ownsValues = true
        }
        if let start = members.baseAddress, members.count > 0 {
            self.members = start
            memberCapacity = members.count
        } else {
            self.members = .allocate(capacity: 16)
            memberCapacity = 16
            ownsMembers = true
        }
    }

    deinit {
        values.deinitialize(count: valueCount)
        if ownsValues { values.deallocate() }
        members.deinitialize(count: memberCount)
        if ownsMembers { members.deallocate() }
    }

    // MARK: Stacks

    @inline(__always)
    private mutating func pushValue(_ value: consuming JSONValue) {
        if valueCount == valueCapacity { growValues() }
        (values + valueCount).initialize(to: value)
        valueCount += 1
    }

    private mutating func growValues() {
        let capacity = valueCapacity * 2
        let grown = UnsafeMutablePointer<JSONValue>.allocate(capacity: capacity)
        grown.moveInitialize(from: values, count: valueCount)
        if ownsValues { values.deallocate() }
        ownsValues = true
        values = grown
        valueCapacity = capacity
    }

    /// Moves the values from `mark` to the top of the stack into a new array.
    private mutating func popValues(from mark: Int) -> [JSONValue] {
        let elementCount = valueCount - mark
        var array: [JSONValue] = []
        array.reserveCapacity(elementCount)
        for offset in mark..<valueCount {
            array.append((values + offset).move())
        }
        valueCount = mark
        return array
    }

    @inline(__always)
    private mutating func pushMember(_ key: consuming String, _ value: consuming JSONValue) {
        if memberCount == memberCapacity { growMembers() }
        (members + memberCount).initialize(to: JSONMember(key, value))
        memberCount += 1
    }

    private mutating func growMembers() {
        let capacity = memberCapacity * 2
        let grown = UnsafeMutablePointer<JSONMember>.allocate(capacity: capacity)
        grown.moveInitialize(from: members, count: memberCount)
        if ownsMembers { members.deallocate() }
        ownsMembers = true
        members = grown
        memberCapacity = capacity
    }

    /// Moves the members from `mark` to the top of the stack into a new array.
    private mutating func popMembers(from mark: Int) -> [JSONMember] {
        let memberTotal = memberCount - mark
        var array: [JSONMember] = []
        array.reserveCapacity(memberTotal)
        for offset in mark..<memberCount {
            array.append((members + offset).move())
        }
        memberCount = mark
        return array
    }

    // MARK: Document

    mutating func parseDocument() throws -> JSONValue {
        // A leading UTF-8 byte order mark is skipped, as json.loads does for bytes.
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            index = 3
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < count {
            throw error("extra data after the JSON value", at: index)
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws -> JSONValue {
        guard index < count else { throw error("expected a value, found the end of the input", at: index) }
        switch base[index] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "N"):
            try expectLiteral("NaN")
            return .double(.nan)
        case UInt8(ascii: "I"):
            try expectLiteral("Infinity")
            return .double(.infinity)
        default:
            throw error("expected a value, found \(describe(base[index]))", at: index)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let length = literal.utf8CodeUnitCount
        let start = index
        if count - start >= length {
            let text = literal.utf8Start
            var matched = true
            for offset in 0..<length where base[start + offset] != text[offset] {
                matched = false
                break
            }
            if matched {
                index = start + length
                return
            }
        }
        throw error("expected a value, found \(describe(base[start]))", at: start)
    }

    private mutating func enterContainer() throws {
        depth += 1
        if depth > maxDepth {
            throw error("nesting deeper than \(maxDepth) levels", at: index)
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enterContainer()
        index += 1  // [
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let mark = valueCount
        while true {
            pushValue(try parseValue())
            skipWhitespace()
            guard index < count else { throw error("unterminated array: expected ',' or ']'", at: index) }
            let byte = base[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(popValues(from: mark))
            } else {
                throw error("expected ',' or ']', found \(describe(byte))", at: index)
            }
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enterContainer()
        index += 1  // {
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([])
        }
        let mark = memberCount
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
            pushMember(key, try parseValue())
            skipWhitespace()
            guard index < count else { throw error("unterminated object: expected ',' or '}'", at: index) }
            let byte = base[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if byte == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(popMembers(from: mark))
            } else {
                throw error("expected ',' or '}', found \(describe(byte))", at: index)
            }
        }
    }

    // MARK: Whitespace

    @inline(__always)
    private mutating func skipWhitespace() {
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

    private mutating func parseString() throws -> String {
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

    private mutating func appendRun(from start: Int, nonASCII: Bool) throws {
        let run = UnsafeBufferPointer(start: base + start, count: index - start)
        if nonASCII, let bad = UTF8Validation.firstInvalidOffset(run) {
            throw error("invalid UTF-8 in a string", at: start + bad)
        }
        scratch.append(contentsOf: run)
    }

    private mutating func appendEscape() throws {
        let escapeStart = index
        guard count - index >= 2 else { throw error("unterminated escape sequence", at: escapeStart) }
        let letter = base[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4(at: index, escapeStart: escapeStart)
            index += 4
            var scalar: UInt32 = unit
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate combines with a directly following low-surrogate escape.
                if count - index >= 2, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") {
                    let low = try readHex4(at: index + 2, escapeStart: index)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(unit) {
                scalar = 0xFFFD
            }
            appendUTF8(scalar)
        default:
            throw error("invalid escape sequence '\\\(describeRaw(letter))'", at: escapeStart)
        }
    }

    private func readHex4(at position: Int, escapeStart: Int) throws -> UInt32 {
        guard count - position >= 4 else { throw error("invalid \\uXXXX escape", at: escapeStart) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = base[position + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte &- UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte &- UInt8(ascii: "A")) + 10
            default: throw error("invalid \\uXXXX escape", at: escapeStart)
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    // MARK: Numbers

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    #if arch(x86_64) || arch(i386)
    private static let extendedPowersOfTen: [Float80] = {
        var powers: [Float80] = [1]
        for _ in 1...27 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// Up to 19 significant digits and |exponent| ≤ 27: the significand and 10^|e| are exact in
    /// Float80, so one correctly rounded Float80 operation is followed by the rounding to Double.
    /// That second rounding is wrong only when the Float80 result sits on a halfway point between
    /// two doubles; those (and anything near them) go to the slow path.
    @inline(__always)
    private static func extendedPrecisionValue(_ mantissa: UInt64, _ digits: Int, _ exponent: Int) -> Double? {
        guard digits <= 19, mantissa != 0, exponent >= -27, exponent <= 27 else { return nil }
        let wide = Float80(mantissa)
        let scaled = exponent >= 0 ? wide * extendedPowersOfTen[exponent] : wide / extendedPowersOfTen[-exponent]
        let extraBits = scaled.significandBitPattern & 0x7FF
        if extraBits >= 0x3FF && extraBits <= 0x401 { return nil }
        return Double(scaled)
    }
    #endif

    /// The value of the eight ASCII digits at `position` (which has eight bytes left), or nil
    /// when one of them is not a digit.
    @inline(__always)
    private func eightDigits(at position: Int) -> UInt64? {
        let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
        // Every byte in 0x30...0x39: high nibble 3, and adding 6 does not carry out of the nibble.
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let threes: UInt64 = 0x3030_3030_3030_3030
        guard word & highNibbles == threes,
              (word &+ 0x0606_0606_0606_0606) & highNibbles == threes else { return nil }
        // First digit in the lowest byte. Combine pairs, then quads, then the two halves.
        var value = word &- threes
        value = (value &* 10) &+ (value >> 8)  // each 16-bit lane: two-digit number in its low byte
        value = value & 0x00FF_00FF_00FF_00FF
        value = (value &* 100) &+ (value >> 16)  // each 32-bit lane: four-digit number in its low 16 bits
        value = value & 0x0000_FFFF_0000_FFFF
        value = (value &* 10_000) &+ (value >> 32)
        return value & 0xFFFF_FFFF
    }

    /// The number of decimal digits of `value` without leading zeros (0 for 0); `value` < 10^8.
    @inline(__always)
    private static func decimalDigitCount(_ value: UInt64) -> Int {
        // Comparisons instead of a loop of divisions (this runs for every "0.xxxxxxxx…" number).
        if value >= 10_000 {
            if value >= 1_000_000 { return value >= 10_000_000 ? 8 : 7 }
            return value >= 100_000 ? 6 : 5
        }
        if value >= 100 { return value >= 1_000 ? 4 : 3 }
        if value >= 10 { return 2 }
        return value > 0 ? 1 : 0
    }

    @inline(__always)
    private func isDigit(_ position: Int) -> Bool {
        position < count && base[position] &- UInt8(ascii: "0") < 10
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = index
        var position = index
        var negative = false
        if base[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
            if position < count, base[position] == UInt8(ascii: "I") {
                index = position
                try expectLiteral("Infinity")
                return .double(-.infinity)
            }
        }
        // Integer part: "0" or a non-zero digit followed by digits.
        guard isDigit(position) else {
            throw error("expected a digit", at: position)
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        if base[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while count - position >= 8, let chunk = eightDigits(at: position) {
                mantissa = mantissa &* 100_000_000 &+ chunk
                significantDigits += 8
                position += 8
            }
            while position < count {
                let digit = base[position] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                significantDigits += 1
                position += 1
            }
        }
        let integerDigits = significantDigits
        var isDouble = false
        var fractionDigits = 0
        if position < count, base[position] == UInt8(ascii: ".") {
            isDouble = true
            position += 1
            guard isDigit(position) else { throw error("expected a digit after '.'", at: position) }
            while count - position >= 8, let chunk = eightDigits(at: position) {
                if significantDigits > 0 {
                    significantDigits += 8
                } else {
                    significantDigits = Self.decimalDigitCount(chunk)
                }
                mantissa = mantissa &* 100_000_000 &+ chunk
                fractionDigits += 8
                position += 8
            }
            while position < count {
                let digit = base[position] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if significantDigits > 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significantDigits += 1
                }
                fractionDigits += 1
                position += 1
            }
        }
        var exponent = 0
        if position < count, base[position] | 0x20 == UInt8(ascii: "e") {
            isDouble = true
            position += 1
            var exponentNegative = false
            if position < count, base[position] == UInt8(ascii: "+") || base[position] == UInt8(ascii: "-") {
                exponentNegative = base[position] == UInt8(ascii: "-")
                position += 1
            }
            guard isDigit(position) else { throw error("expected a digit in the exponent", at: position) }
            while position < count {
                let digit = base[position] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(digit) }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        index = position

        if !isDouble {
            // At most 19 digits fit UInt64 exactly; 20 or more digits exceed Int64 anyway.
            if integerDigits <= 19 {
                if negative {
                    if mantissa <= UInt64(Int64.max) + 1 {
                        return .integer(Int64(truncatingIfNeeded: 0 &- mantissa))
                    }
                } else if mantissa <= UInt64(Int64.max) {
                    return .integer(Int64(mantissa))
                }
            }
            return .bigInteger(String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self))
        }

        // Exact fast path: the significand fits 53 bits and 10^|e| is exact.
        let decimalExponent = exponent - fractionDigits
        if significantDigits <= 19, mantissa <= 1 << 53, decimalExponent >= -22, decimalExponent <= 22 {
            var value = Double(mantissa)
            if decimalExponent >= 0 {
                value *= Self.exactPowersOfTen[decimalExponent]
            } else {
                value /= Self.exactPowersOfTen[-decimalExponent]
            }
            return .double(negative ? -value : value)
        }
        #if arch(x86_64) || arch(i386)
        if let value = Self.extendedPrecisionValue(mantissa, significantDigits, decimalExponent) {
            return .double(negative ? -value : value)
        }
        #endif
        if mantissa == 0 && significantDigits == 0 {
            return .double(negative ? -0.0 : 0.0)
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
        guard let value = Double(text) else { throw error("number out of range", at: start) }
        return .double(value)
    }

    // MARK: Errors

    private func error(_ message: String, at offset: Int) -> RuntimeError {
        RuntimeError(.invalidJSON, message, offset: offset)
    }

    private func describe(_ byte: UInt8) -> String {
        "'\(describeRaw(byte))'"
    }

    private func describeRaw(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return String(UnicodeScalar(byte))
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "\\x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
