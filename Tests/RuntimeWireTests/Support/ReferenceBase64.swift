#if canImport(RuntimeWire)
@testable import RuntimeWire
#endif

/// The strict base64 decoder as it was before the 8-character pair-table loop: kept verbatim as
/// the reference the differential tests and the Base64 fuzz target compare ``Base64`` with
/// (same bytes, or the same error code, offset and message).
enum ReferenceBase64 {
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

    /// Decodes strict base64 text.
    static func decode(_ text: String) throws -> [UInt8] {
        var text = text
        return try text.withUTF8 { try decode(buffer: $0) }
    }

    /// Decodes strict base64 given as ASCII bytes.
    static func decode(_ bytes: [UInt8]) throws -> [UInt8] {
        try bytes.withUnsafeBufferPointer { try decode(buffer: $0) }
    }

    private static func invalid(_ message: String, at offset: Int) -> RuntimeError {
        RuntimeError(.invalidBase64, message, offset: offset)
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
                // Full groups: one 4-byte load, four lookups in the shifted tables (an invalid
                // character sets bit 24), and a 4-byte store while a spare byte of room remains
                // (the spare byte is overwritten by the next group or never counted).
                try groupTables.withUnsafeBufferPointer { groups in
                    guard let inBase = input.baseAddress, let outBase = output.baseAddress,
                          let lookup = groups.baseAddress else { return }
                    let raw = UnsafeRawPointer(inBase)
                    let outRaw = UnsafeMutableRawPointer(outBase)
                    while inIndex < fullGroupsEnd {
                        let word = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: inIndex, as: UInt32.self))
                        let group = lookup[Int(word & 0xFF)] | lookup[256 + Int(word >> 8 & 0xFF)]
                            | lookup[512 + Int(word >> 16 & 0xFF)] | lookup[768 + Int(word >> 24)]
                        if group & 0xFF00_0000 != 0 {
                            initialized = outIndex
                            throw badCharacter(input, from: inIndex)
                        }
                        if outputCount - outIndex >= 4 {
                            outRaw.storeBytes(of: (group << 8).bigEndian, toByteOffset: outIndex, as: UInt32.self)
                        } else {
                            output[outIndex] = UInt8(truncatingIfNeeded: group >> 16)
                            output[outIndex + 1] = UInt8(truncatingIfNeeded: group >> 8)
                            output[outIndex + 2] = UInt8(truncatingIfNeeded: group)
                        }
                        inIndex += 4
                        outIndex += 3
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

    private static func badCharacter(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> RuntimeError {
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
