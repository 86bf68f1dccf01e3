/// What every JSON reader of the package shares: the document and value dispatch, the depth
/// limit, literals, escapes, numbers and error messages. ``JSONReader`` and the reference reader
/// the differential tests compare it with differ only in how they build containers, scan strings
/// and skip whitespace (the requirements below), so there is one copy of the rest.
protocol JSONReading: ~Copyable {
    /// The document's first byte; `count` bytes stay valid for the reader's lifetime.
    var base: UnsafePointer<UInt8> { get }
    /// The document's length in bytes.
    var count: Int { get }
    /// The offset of the next byte to read.
    var index: Int { get set }
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] { get set }
    /// The deepest nesting of containers allowed.
    var maxDepth: Int { get }
    /// The containers open at `index`.
    var depth: Int { get set }

    /// Reads an array; `index` is at its `[`.
    mutating func parseArray() throws -> JSONValue
    /// Reads an object; `index` is at its `{`.
    mutating func parseObject() throws -> JSONValue
    /// Reads a string; `index` is at its opening quote.
    mutating func parseString() throws -> String
    /// Moves `index` past any JSON whitespace.
    mutating func skipWhitespace()
}

private let jsonExactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

#if arch(x86_64) || arch(i386)
private let jsonExtendedPowersOfTen: [Float80] = {
    var powers: [Float80] = [1]
    for _ in 1...27 { powers.append(powers[powers.count - 1] * 10) }
    return powers
}()
#endif

extension JSONReading where Self: ~Copyable {
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

    mutating func parseValue() throws -> JSONValue {
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

    mutating func enterContainer() throws {
        depth += 1
        if depth > maxDepth {
            throw error("nesting deeper than \(maxDepth) levels", at: index)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws {
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

    mutating func appendRun(from start: Int, nonASCII: Bool) throws {
        let run = UnsafeBufferPointer(start: base + start, count: index - start)
        if nonASCII, let bad = UTF8Validation.firstInvalidOffset(run) {
            throw error("invalid UTF-8 in a string", at: start + bad)
        }
        scratch.append(contentsOf: run)
    }

    mutating func appendEscape() throws {
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

    func readHex4(at position: Int, escapeStart: Int) throws -> UInt32 {
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

    mutating func appendUTF8(_ scalar: UInt32) {
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


    #if arch(x86_64) || arch(i386)

    /// Up to 19 significant digits and |exponent| ≤ 27: the significand and 10^|e| are exact in
    /// Float80, so one correctly rounded Float80 operation is followed by the rounding to Double.
    /// That second rounding is wrong only when the Float80 result sits on a halfway point between
    /// two doubles; those (and anything near them) go to the slow path.
    @inline(__always)
    static func extendedPrecisionValue(_ mantissa: UInt64, _ digits: Int, _ exponent: Int) -> Double? {
        guard digits <= 19, mantissa != 0, exponent >= -27, exponent <= 27 else { return nil }
        let wide = Float80(mantissa)
        let scaled = exponent >= 0 ? wide * jsonExtendedPowersOfTen[exponent] : wide / jsonExtendedPowersOfTen[-exponent]
        let extraBits = scaled.significandBitPattern & 0x7FF
        if extraBits >= 0x3FF && extraBits <= 0x401 { return nil }
        return Double(scaled)
    }
    #endif

    /// The value of the eight ASCII digits at `position` (which has eight bytes left), or nil
    /// when one of them is not a digit.
    @inline(__always)
    func eightDigits(at position: Int) -> UInt64? {
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
    static func decimalDigitCount(_ value: UInt64) -> Int {
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
    func isDigit(_ position: Int) -> Bool {
        position < count && base[position] &- UInt8(ascii: "0") < 10
    }

    mutating func parseNumber() throws -> JSONValue {
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
                value *= jsonExactPowersOfTen[decimalExponent]
            } else {
                value /= jsonExactPowersOfTen[-decimalExponent]
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

    func error(_ message: String, at offset: Int) -> WireError {
        WireError(.invalidJSON, message, offset: offset)
    }

    func describe(_ byte: UInt8) -> String {
        "'\(describeRaw(byte))'"
    }

    func describeRaw(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return String(UnicodeScalar(byte))
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "\\x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
