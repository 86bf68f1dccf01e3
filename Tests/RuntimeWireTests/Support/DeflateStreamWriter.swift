/// Writes deflate (RFC 1951) streams bit by bit, wrapped as zlib (RFC 1950): the tests use it to
/// build exactly the well-formed and malformed blocks a compressor never emits (bad code sets,
/// distances too far back, bad stored lengths...).
struct DeflateStreamWriter {
    private(set) var bytes: [UInt8] = [0x78, 0x01]
    private var pending: UInt64 = 0
    private var pendingCount = 0

    /// One deflate symbol of a Huffman block.
    enum Symbol {
        case literal(UInt8)
        /// A length symbol 257...285 with its extra bits, then a distance symbol 0...29 with its.
        case match(lengthSymbol: Int, lengthExtra: Int, distanceSymbol: Int, distanceExtra: Int)
        case endOfBlock
    }

    static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// The fixed code's lengths (RFC 1951, 3.2.6).
    static let fixedLiteralLengths: [Int] = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }
    static let fixedDistanceLengths = [Int](repeating: 5, count: 30)

    /// Canonical codes for `lengths` (RFC 1951, 3.2.2); nil entries for unused symbols.
    static func canonicalCodes(_ lengths: [Int]) -> [Int?] {
        var count = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { count[length] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1..<16 {
            code = (code + count[length - 1]) << 1
            next[length] = code
        }
        return lengths.map { length in
            guard length > 0 else { return nil }
            defer { next[length] += 1 }
            return next[length]
        }
    }

    /// Appends `count` bits of `value`, least significant first.
    mutating func bits(_ value: Int, _ count: Int) {
        pending |= UInt64(value & ((1 << count) - 1)) << UInt64(pendingCount)
        pendingCount += count
        while pendingCount >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: pending))
            pending >>= 8
            pendingCount -= 8
        }
    }

    /// Appends a Huffman code, most significant bit first.
    mutating func code(_ code: Int, _ length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) { bits((code >> bit) & 1, 1) }
    }

    /// Pads to a byte boundary with zero bits.
    mutating func align() {
        if pendingCount > 0 { bits(0, 8 - pendingCount) }
    }

    /// A stored block with explicit LEN and NLEN fields.
    mutating func storedBlock(_ data: [UInt8], final: Bool, length: Int? = nil, complement: Int? = nil) {
        bits(final ? 1 : 0, 1)
        bits(0, 2)
        align()
        let length = length ?? data.count
        bits(length, 16)
        bits(complement ?? (~length & 0xFFFF), 16)
        bytes += data
    }

    /// A fixed-Huffman block.
    mutating func fixedBlock(_ symbols: [Symbol], final: Bool) {
        bits(final ? 1 : 0, 1)
        bits(1, 2)
        huffmanSymbols(symbols, literalLengths: Self.fixedLiteralLengths, distanceLengths: Self.fixedDistanceLengths)
    }

    /// A dynamic-Huffman block. The code lengths are sent with the code-length code
    /// `codeLengthLengths` (19 entries, default: 0...15 five bits, 16 and 17 three bits, 18 two
    /// bits), literally except where `encodedLengths` gives the code-length symbols verbatim
    /// (symbol, extra bits value) for malformed cases.
    mutating func dynamicBlock(
        _ symbols: [Symbol], final: Bool, literalLengths: [Int], distanceLengths: [Int],
        codeLengthLengths: [Int] = (0..<19).map { $0 < 16 ? 5 : $0 < 18 ? 3 : 2 },
        encodedLengths: [(symbol: Int, extra: Int)]? = nil, literalCountField: Int? = nil, distanceCountField: Int? = nil
    ) {
        bits(final ? 1 : 0, 1)
        bits(2, 2)
        bits(literalCountField ?? (literalLengths.count - 257), 5)
        bits(distanceCountField ?? (distanceLengths.count - 1), 5)
        bits(19 - 4, 4)
        for symbol in Self.codeLengthOrder { bits(codeLengthLengths[symbol], 3) }
        let codeLengthCodes = Self.canonicalCodes(codeLengthLengths)
        let encoded = encodedLengths ?? (literalLengths + distanceLengths).map { (symbol: $0, extra: 0) }
        for (symbol, extra) in encoded {
            code(codeLengthCodes[symbol] ?? 0, codeLengthLengths[symbol])
            switch symbol {
            case 16: bits(extra, 2)
            case 17: bits(extra, 3)
            case 18: bits(extra, 7)
            default: break
            }
        }
        huffmanSymbols(symbols, literalLengths: literalLengths, distanceLengths: distanceLengths)
    }

    private mutating func huffmanSymbols(_ symbols: [Symbol], literalLengths: [Int], distanceLengths: [Int]) {
        let literalCodes = Self.canonicalCodes(literalLengths)
        let distanceCodes = Self.canonicalCodes(distanceLengths)
        for symbol in symbols {
            switch symbol {
            case .literal(let byte):
                code(literalCodes[Int(byte)] ?? 0, literalLengths[Int(byte)])
            case .endOfBlock:
                code(literalCodes[256] ?? 0, literalLengths[256])
            case let .match(lengthSymbol, lengthExtra, distanceSymbol, distanceExtra):
                code(literalCodes[lengthSymbol] ?? 0, literalLengths[lengthSymbol])
                bits(lengthExtra, Self.lengthExtraBits[lengthSymbol - 257])
                let distanceCode = distanceSymbol < distanceCodes.count ? distanceCodes[distanceSymbol] : nil
                let distanceLength = distanceSymbol < distanceLengths.count ? distanceLengths[distanceSymbol] : 5
                code(distanceCode ?? distanceSymbol, distanceLength)
                bits(distanceExtra, distanceSymbol < 30 ? Self.distanceExtraBits[distanceSymbol] : 0)
            }
        }
    }

    /// Ends the stream: pads, then the big-endian Adler-32 of `data` (the expected output).
    mutating func finish(adlerOf data: [UInt8]) -> [UInt8] {
        align()
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let adler = b << 16 | a
        return bytes + [UInt8(adler >> 24), UInt8(truncatingIfNeeded: adler >> 16), UInt8(truncatingIfNeeded: adler >> 8), UInt8(truncatingIfNeeded: adler)]
    }
}
