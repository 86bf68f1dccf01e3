#if canImport(RuntimeWire)
@testable import RuntimeWire
#endif

/// A deliberately plain strict base64 decoder, one character at a time, written from RFC 4648
/// §4 and the error contract of ``Base64/decode(_:)-([UInt8])``: the reference the differential
/// tests and the Base64 fuzz target compare the table-driven ``Base64`` with (same bytes, or the
/// same error code, offset and message).
enum ReferenceBase64 {
    /// Decodes strict base64 text.
    static func decode(_ text: String) throws -> [UInt8] {
        try decode(Array(text.utf8))
    }

    /// Decodes strict base64 given as ASCII bytes.
    static func decode(_ input: [UInt8]) throws -> [UInt8] {
        let count = input.count
        if count == 0 { return [] }
        guard count % 4 == 0 else {
            throw invalid("length \(count) is not a multiple of 4", at: count - count % 4)
        }
        var padding = 0
        if input[count - 1] == UInt8(ascii: "=") {
            padding = input[count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var output: [UInt8] = []
        for groupStart in stride(from: 0, to: count, by: 4) {
            // The last group keeps 4 - padding characters of data; each is 6 bits.
            let dataCount = groupStart == count - 4 ? 4 - padding : 4
            var bits: UInt32 = 0
            for position in groupStart..<(groupStart + dataCount) {
                guard let value = sextet(input[position]) else {
                    if input[position] == UInt8(ascii: "=") {
                        throw invalid("padding '=' before the end of the text", at: position)
                    }
                    throw invalid("byte 0x\(String(input[position], radix: 16)) is not in the base64 alphabet", at: position)
                }
                bits = bits << 6 | UInt32(value)
            }
            switch dataCount {
            case 4:
                output += [UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
            case 3:  // 18 bits: two bytes and 2 bits that must be zero
                guard bits & 0x3 == 0 else {
                    throw invalid("non-zero trailing bits before the padding", at: groupStart + 2)
                }
                output += [UInt8(bits >> 10 & 0xFF), UInt8(bits >> 2 & 0xFF)]
            default:  // 12 bits: one byte and 4 bits that must be zero
                guard bits & 0xF == 0 else {
                    throw invalid("non-zero trailing bits before the padding", at: groupStart + 1)
                }
                output.append(UInt8(bits >> 4 & 0xFF))
            }
        }
        return output
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    private static func invalid(_ message: String, at offset: Int) -> WireError {
        WireError(.invalidBase64, message, offset: offset)
    }
}
