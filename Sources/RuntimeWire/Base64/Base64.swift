/// Strict base64 with the standard alphabet and `=` padding (RFC 4648 §4), as Python's
/// `base64.b64encode` writes it (PROTOCOL.md §5.1).
///
/// Decoding accepts only canonical text: a length that is a multiple of four, no whitespace or
/// line breaks, padding only at the end (one or two `=`), and zero bits in the unused low bits of
/// the last character. Anything else is a `WireError` with code `.invalidBase64` and the offset
/// of the offending character.
package enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0–63 for alphabet characters, 0xFF for everything else.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    /// Four tables of 256 entries for the four positions of a group: the character's 6 bits
    /// shifted into place (18, 12, 6, 0), or bit 24 for a character outside the alphabet.
    private static let groupTables: [UInt32] = {
        var tables = [UInt32](repeating: 1 << 24, count: 1024)
        for (value, character) in alphabet.enumerated() {
            for position in 0..<4 {
                tables[position * 256 + Int(character)] = UInt32(value) << (18 - 6 * position)
            }
        }
        return tables
    }()

    /// Two characters at a time: indexed by `first | second << 8` (a little-endian 16-bit load),
    /// the 12 bits they stand for, or bit 15 when either is outside the alphabet. 128 KB, of which
    /// the 64 × 64 valid pairs touch about 10 KB.
    private static let pairTable: [UInt16] = {
        var table = [UInt16](repeating: 0x8000, count: 1 << 16)
        for (first, firstCharacter) in alphabet.enumerated() {
            for (second, secondCharacter) in alphabet.enumerated() {
                table[Int(firstCharacter) | Int(secondCharacter) << 8] = UInt16(first << 6 | second)
            }
        }
        return table
    }()

    /// The padded base64 text of `bytes`.
    package static func encode(_ bytes: [UInt8]) -> String {
        let outputCount = (bytes.count + 2) / 3 * 4
        if outputCount == 0 { return "" }
        return String(unsafeUninitializedCapacity: outputCount) { output in
            bytes.withUnsafeBufferPointer { input in
                alphabet.withUnsafeBufferPointer { table in
                    let count = input.count
                    var inIndex = 0
                    var outIndex = 0
                    while count - inIndex >= 3 {
                        let group = UInt32(input[inIndex]) << 16 | UInt32(input[inIndex + 1]) << 8 | UInt32(input[inIndex + 2])
                        output[outIndex] = table[Int(group >> 18)]
                        output[outIndex + 1] = table[Int(group >> 12 & 0x3F)]
                        output[outIndex + 2] = table[Int(group >> 6 & 0x3F)]
                        output[outIndex + 3] = table[Int(group & 0x3F)]
                        inIndex += 3
                        outIndex += 4
                    }
                    let rest = count - inIndex
                    if rest > 0 {
                        let second: UInt32 = rest == 2 ? UInt32(input[inIndex + 1]) : 0
                        let group = UInt32(input[inIndex]) << 16 | second << 8
                        output[outIndex] = table[Int(group >> 18)]
                        output[outIndex + 1] = table[Int(group >> 12 & 0x3F)]
                        output[outIndex + 2] = rest == 2 ? table[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                        output[outIndex + 3] = UInt8(ascii: "=")
                    }
                }
            }
            return outputCount
        }
    }

    /// Decodes strict base64 text.
    package static func decode(_ text: String) throws -> [UInt8] {
        var text = text
        return try text.withUTF8 { try decode(buffer: $0) }
    }

    /// Decodes strict base64 given as ASCII bytes.
    package static func decode(_ bytes: [UInt8]) throws -> [UInt8] {
        try bytes.withUnsafeBufferPointer { try decode(buffer: $0) }
    }

    private static func invalid(_ message: String, at offset: Int) -> WireError {
        WireError(.invalidBase64, message, offset: offset)
    }

    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) throws -> [UInt8] {
        let count = input.count
        if count == 0 { return [] }
        guard count % 4 == 0 else {
            throw invalid("length \(count) is not a multiple of 4", at: count - count % 4)
        }
        var padding = 0
        if input[count - 1] == UInt8(ascii: "=") {
            padding = input[count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        let outputCount = count / 4 * 3 - padding
        let fullGroupsEnd = padding == 0 ? count : count - 4
        return try decodeTable.withUnsafeBufferPointer { table in
            try [UInt8](unsafeUninitializedCapacity: outputCount) { output, initialized in
                var inIndex = 0
                var outIndex = 0
                // Full groups. Eight characters per step while 8 bytes of room remain: one 8-byte
                // load, four lookups in the pair table, one check, and the 6 bytes go out in one
                // 8-byte store (the 2 spare bytes are overwritten by the next step or never
                // counted). Then one group per step with the shifted per-position tables (an
                // invalid character sets bit 24), which also locate an error.
                try groupTables.withUnsafeBufferPointer { groups in
                    try pairTable.withUnsafeBufferPointer { pairs in
                        guard let inBase = input.baseAddress, let outBase = output.baseAddress,
                              let lookup = groups.baseAddress, let pair = pairs.baseAddress else { return }
                        let raw = UnsafeRawPointer(inBase)
                        let outRaw = UnsafeMutableRawPointer(outBase)
                        while fullGroupsEnd - inIndex >= 8, outputCount - outIndex >= 8 {
                            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: inIndex, as: UInt64.self))
                            let a = UInt64(pair[Int(word & 0xFFFF)])
                            let b = UInt64(pair[Int(word >> 16 & 0xFFFF)])
                            let c = UInt64(pair[Int(word >> 32 & 0xFFFF)])
                            let d = UInt64(pair[Int(word >> 48)])
                            if (a | b | c | d) & 0x8000 != 0 { break }
                            let six = a << 52 | b << 40 | c << 28 | d << 16
                            outRaw.storeBytes(of: six.bigEndian, toByteOffset: outIndex, as: UInt64.self)
                            inIndex += 8
                            outIndex += 6
                        }
                        while inIndex < fullGroupsEnd {
                            let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: inIndex, as: UInt32.self))
                            let bits = lookup[Int(word & 0xFF)] | lookup[256 + Int(word >> 8 & 0xFF)]
                                | lookup[512 + Int(word >> 16 & 0xFF)] | lookup[768 + Int(word >> 24)]
                            if bits & 0xFF00_0000 != 0 {
                                initialized = outIndex
                                throw badCharacter(input, from: inIndex)
                            }
                            if outputCount - outIndex >= 4 {
                                outRaw.storeBytes(of: (bits << 8).bigEndian, toByteOffset: outIndex, as: UInt32.self)
                            } else {
                                output[outIndex] = UInt8(truncatingIfNeeded: bits >> 16)
                                output[outIndex + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                                output[outIndex + 2] = UInt8(truncatingIfNeeded: bits)
                            }
                            inIndex += 4
                            outIndex += 3
                        }
                    }
                }
                if padding > 0 {
                    let a = table[Int(input[inIndex])]
                    let b = table[Int(input[inIndex + 1])]
                    let c = padding == 1 ? table[Int(input[inIndex + 2])] : 0
                    if (a | b | c) & 0xC0 != 0 {
                        initialized = outIndex
                        throw badCharacter(input, from: inIndex)
                    }
                    if padding == 2 {
                        if b & 0x0F != 0 {
                            initialized = outIndex
                            throw invalid("non-zero trailing bits before the padding", at: inIndex + 1)
                        }
                        output[outIndex] = a << 2 | b >> 4
                        outIndex += 1
                    } else {
                        if c & 0x03 != 0 {
                            initialized = outIndex
                            throw invalid("non-zero trailing bits before the padding", at: inIndex + 2)
                        }
                        output[outIndex] = a << 2 | b >> 4
                        output[outIndex + 1] = b << 4 | c >> 2
                        outIndex += 2
                    }
                }
                initialized = outIndex
            }
        }
    }

    private static func badCharacter(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> WireError {
        var index = start
        while index < input.count {
            let byte = input[index]
            let isAlphabet = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2F
            if !isAlphabet {
                if byte == UInt8(ascii: "=") {
                    return invalid("padding '=' before the end of the text", at: index)
                }
                return invalid("byte 0x\(String(byte, radix: 16)) is not in the base64 alphabet", at: index)
            }
            index += 1
        }
        return invalid("invalid base64", at: start)
    }
}
