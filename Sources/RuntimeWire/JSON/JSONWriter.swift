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
        var output: [UInt8] = []
        output.reserveCapacity(128)
        append(value, style: style, to: &output)
        return output
    }

    // MARK: Values

    private static func append(_ value: JSONValue, style: Style, to output: inout [UInt8]) {
        switch value {
        case .null:
            appendASCII("null", to: &output)
        case .bool(let flag):
            appendASCII(flag ? "true" : "false", to: &output)
        case .integer(let integer):
            appendInteger(integer, to: &output)
        case .bigInteger(let text):
            output.append(contentsOf: text.utf8)
        case .double(let double):
            PythonFloatFormat.append(double, to: &output)
        case .string(let text):
            appendString(text, style: style, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { appendSeparator(style: style, to: &output) }
                first = false
                append(element, style: style, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for member in members {
                if !first { appendSeparator(style: style, to: &output) }
                first = false
                appendString(member.key, style: style, to: &output)
                output.append(UInt8(ascii: ":"))
                if style == .python { output.append(UInt8(ascii: " ")) }
                append(member.value, style: style, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private static func appendSeparator(style: Style, to output: inout [UInt8]) {
        output.append(UInt8(ascii: ","))
        if style == .python { output.append(UInt8(ascii: " ")) }
    }

    @inline(__always)
    private static func appendASCII(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func appendInteger(_ integer: Int64, to output: inout [UInt8]) {
        if integer < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        if magnitude < 10 {
            output.append(UInt8(truncatingIfNeeded: magnitude) &+ UInt8(ascii: "0"))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            while magnitude > 0 {
                position -= 1
                digits[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }

    // MARK: Strings

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

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

    private static func appendString(_ text: String, style: Style, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            let asciiOnly = style == .python
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
                    && (byte < 0x7F || (!asciiOnly)) {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                if byte < 0x80 {
                    appendEscape(UInt32(byte), to: &output)
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
            output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
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

    private static func appendEscape(_ byte: UInt32, to output: inout [UInt8]) {
        switch byte {
        case 0x22: output.append(0x5C); output.append(0x22)
        case 0x5C: output.append(0x5C); output.append(0x5C)
        case 0x0A: output.append(0x5C); output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(0x5C); output.append(UInt8(ascii: "r"))
        case 0x09: output.append(0x5C); output.append(UInt8(ascii: "t"))
        case 0x08: output.append(0x5C); output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(0x5C); output.append(UInt8(ascii: "f"))
        default: appendUnicodeEscape(byte, to: &output)
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt32, to output: inout [UInt8]) {
        output.append(0x5C)
        output.append(UInt8(ascii: "u"))
        hexDigits.withUnsafeBufferPointer { hex in
            output.append(hex[Int(unit >> 12 & 0xF)])
            output.append(hex[Int(unit >> 8 & 0xF)])
            output.append(hex[Int(unit >> 4 & 0xF)])
            output.append(hex[Int(unit & 0xF)])
        }
    }
}
