/// Writes a ``JSONValue`` as JSON text.
///
/// ``Style/python`` reproduces Python's `json.dumps` defaults byte for byte (PROTOCOL.md §5.1):
/// separators `", "` and `": "`, non-ASCII escaped as lowercase `\uXXXX` (astral characters as a
/// surrogate pair), `NaN`/`Infinity`/`-Infinity` as bare tokens, doubles in `repr` form (`1.0`,
/// `1e-05`, `1e+16`), big integers verbatim. ``Style/compact`` has no spaces and keeps UTF-8 as is
/// (only quotes, backslashes and control characters are escaped).
package enum JSONWriter {
    /// The layout of the text.
    package enum Style: Sendable {
        /// Python `json.dumps(value)` with default arguments.
        case python
        /// No whitespace; UTF-8 kept (Python `ensure_ascii=False, separators=(",", ":")`).
        case compact
    }

    /// The JSON text of `value`.
    package static func write(_ value: JSONValue, style: Style = .python) -> String {
        String(decoding: writeBytes(value, style: style), as: UTF8.self)
    }

    /// The UTF-8 bytes of the JSON text of `value`.
    package static func writeBytes(_ value: JSONValue, style: Style = .python) -> [UInt8] {
        var output = JSONOutputBuffer(capacity: 256)
        append(value, python: style == .python, to: &output)
        return output.makeArray()
    }

    // MARK: Values

    private static func append(_ value: JSONValue, python: Bool, to output: inout JSONOutputBuffer) {
        switch value {
        case .null:
            output.append("null")
        case .bool(let flag):
            output.append(flag ? "true" : "false")
        case .integer(let integer):
            output.appendWith(maximum: 20) { writeInteger(integer, into: $0) }
        case .bigInteger(let text):
            var text = text
            text.withUTF8 { output.append($0) }
        case .double(let double):
            output.appendWith(maximum: PythonFloatFormat.maximumLength) { PythonFloatFormat.write(double, into: $0) }
        case .string(let text):
            appendString(text, python: python, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { appendSeparator(python: python, to: &output) }
                first = false
                append(element, python: python, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for member in members {
                if !first { appendSeparator(python: python, to: &output) }
                first = false
                appendString(member.key, python: python, to: &output)
                output.reserve(2)
                output.appendReserved(UInt8(ascii: ":"))
                if python { output.appendReserved(UInt8(ascii: " ")) }
                append(member.value, python: python, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private static func appendSeparator(python: Bool, to output: inout JSONOutputBuffer) {
        output.reserve(2)
        output.appendReserved(UInt8(ascii: ","))
        if python { output.appendReserved(UInt8(ascii: " ")) }
    }

    /// Writes the decimal text of `integer` (at most 20 bytes) and returns its length.
    private static func writeInteger(_ integer: Int64, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = integer.magnitude
        var length = 0
        if integer < 0 {
            output[0] = UInt8(ascii: "-")
            length = 1
        }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var position = length + digits
        length = position
        repeat {
            position -= 1
            output[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
            magnitude /= 10
        } while magnitude > 0
        return length
    }

    // MARK: Strings

    /// True when one of the eight bytes is a quote, backslash, control character, DEL or non-ASCII.
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let delete = word ^ (ones &* 0x7F)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let hasDelete = (delete &- ones) & ~delete
        return ((belowSpace | hasQuote | hasBackslash | hasDelete | word) & highs) != 0
    }

    private static func appendString(_ text: String, python: Bool, to output: inout JSONOutputBuffer) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var runStart = 0
            var index = 0
            while index < count {
                while count - index >= 8 {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    if needsEscape(word) { break }
                    index += 8
                }
                guard index < count else { break }
                let byte = base[index]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
                    && (byte < 0x7F || !python) {
                    index += 1
                    continue
                }
                output.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                if byte < 0x80 {
                    appendEscape(byte, to: &output)
                    index += 1
                } else {
                    // Python style, non-ASCII: decode the scalar (the String holds valid UTF-8).
                    let (scalar, length) = decodeScalar(base, index, count)
                    if scalar >= 0x10000 {
                        let offset = scalar - 0x10000
                        appendUnicodeEscape(0xD800 + (offset >> 10), to: &output)
                        appendUnicodeEscape(0xDC00 + (offset & 0x3FF), to: &output)
                    } else {
                        appendUnicodeEscape(scalar, to: &output)
                    }
                    index += length
                }
                runStart = index
            }
            output.append(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
        output.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func decodeScalar(_ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int) -> (UInt32, Int) {
        let lead = UInt32(base[index])
        func continuation(_ offset: Int) -> UInt32 {
            index + offset < count ? UInt32(base[index + offset] & 0x3F) : 0
        }
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | continuation(1), 2)
        }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
        }
        return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
    }

    private static func appendEscape(_ byte: UInt8, to output: inout JSONOutputBuffer) {
        let short: UInt8
        switch byte {
        case 0x22: short = 0x22
        case 0x5C: short = 0x5C
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            appendUnicodeEscape(UInt32(byte), to: &output)
            return
        }
        output.reserve(2)
        output.appendReserved(0x5C)
        output.appendReserved(short)
    }

    private static func hexDigit(_ nibble: UInt32) -> UInt8 {
        let value = UInt8(truncatingIfNeeded: nibble & 0xF)
        return value < 10 ? value &+ UInt8(ascii: "0") : value &+ (UInt8(ascii: "a") &- 10)
    }

    private static func appendUnicodeEscape(_ unit: UInt32, to output: inout JSONOutputBuffer) {
        output.reserve(6)
        output.appendReserved(0x5C)
        output.appendReserved(UInt8(ascii: "u"))
        output.appendReserved(hexDigit(unit >> 12))
        output.appendReserved(hexDigit(unit >> 8))
        output.appendReserved(hexDigit(unit >> 4))
        output.appendReserved(hexDigit(unit))
    }
}
