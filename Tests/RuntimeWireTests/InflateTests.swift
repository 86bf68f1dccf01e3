import Testing
@testable import RuntimeWire

/// The package's own inflater (`runtime_inflate.c`, behind `Zlib.inflate` and `ZlibInflater`)
/// against the system's libz (`Zlib.inflateWithSystemLibrary`) and Python-made vectors.
@Suite("Inflate (own inflater vs libz)")
struct InflateTests {
    /// The outcome of an inflate: the bytes, or the error code.
    enum Outcome: Equatable {
        case bytes([UInt8])
        case failure(WireError.Code)
    }

    static func ours(_ bytes: [UInt8], maxOutput: Int = 1 << 26) -> Outcome {
        outcome { try Zlib.inflate(bytes, maxOutput: maxOutput) }
    }

    static func reference(_ bytes: [UInt8], maxOutput: Int = 1 << 26) -> Outcome {
        outcome { try Zlib.inflateWithSystemLibrary(bytes, maxOutput: maxOutput) }
    }

    static func outcome(_ body: () throws -> [UInt8]) -> Outcome {
        do {
            return .bytes(try body())
        } catch let error as WireError {
            return .failure(error.code)
        } catch {
            return .failure(.invalidValue)
        }
    }

    /// Inflates through `ZlibInflater` in reads of the given sizes (cycled) until the stream ends.
    static func streamed(_ bytes: [UInt8], readSizes: [Int]) -> Outcome {
        outcome {
            try Zlib.withInflater(bytes) { inflater in
                var output: [UInt8] = []
                var turn = 0
                while !inflater.isFinished {
                    let size = readSizes[turn % readSizes.count]
                    turn += 1
                    var chunk = [UInt8](repeating: 0xEE, count: size)
                    let read = try chunk.withUnsafeMutableBytes { try inflater.read(into: $0) }
                    output += chunk.prefix(read)
                    if read < size, !inflater.isFinished { throw WireError(.invalidValue, "short read without the end") }
                    if output.count > 1 << 26 { throw WireError(.invalidValue, "runaway") }
                }
                return output
            }
        }
    }

    /// A deterministic pseudo-random generator (tests must be reproducible).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    }

    /// Data of several kinds: random, float64-like, text-like, runs, long-distance repeats.
    static func sample(kind: Int, count: Int, seed: UInt64) -> [UInt8] {
        var random = Generator(state: seed)
        var data = [UInt8](repeating: 0, count: count)
        let words = Array("qubit shots counts circuit backend sampler estimator ".utf8)
        for index in 0..<count {
            switch kind {
            case 0: data[index] = random.byte()
            case 1: data[index] = index % 8 == 7 ? 0x3F : index % 8 == 6 ? 0xE0 | random.byte() & 15 : random.byte()
            case 2: data[index] = words[Int(random.next() % UInt64(words.count))]
            case 3: data[index] = random.next() % 40 == 0 ? random.byte() : index > 0 ? data[index - 1] : 1
            case 4: data[index] = index >= 32768 && random.next() % 64 != 0 ? data[index - 32768] : random.byte()
            default: data[index] = UInt8(index % (2 + kind % 6))
            }
        }
        return data
    }

    @Test("every level 0...9, many kinds and sizes: the same bytes as libz and the input")
    func differentialLevels() throws {
        try #require(Zlib.isAvailable)
        let sizes = [0, 1, 2, 3, 7, 100, 1000, 32768, 32769, 65535, 65536, 65537, 200_000]
        for kind in 0..<8 {
            for (position, size) in sizes.enumerated() {
                let data = Self.sample(kind: kind, count: size, seed: UInt64(kind * 100 + position))
                for level in Int32(0)...9 {
                    let compressed = try Zlib.deflate(data, level: level)
                    let mine = Self.ours(compressed)
                    #expect(mine == .bytes(data), "kind \(kind) size \(size) level \(level)")
                    #expect(mine == Self.reference(compressed), "kind \(kind) size \(size) level \(level)")
                }
            }
        }
    }

    @Test("1 MB of random, float-like and repetitive data, one-shot and streamed")
    func large() throws {
        try #require(Zlib.isAvailable)
        for kind in [0, 1, 3, 4] {
            let data = Self.sample(kind: kind, count: 1 << 20, seed: 77 + UInt64(kind))
            let compressed = try Zlib.deflate(data)
            #expect(Self.ours(compressed, maxOutput: data.count) == .bytes(data))
            #expect(Self.streamed(compressed, readSizes: [12, 116, 300_001, 1, 65536, 7]) == .bytes(data))
        }
    }

    @Test("Python zlib.compress vectors: a dynamic-Huffman f8 .npy and a fixed-Huffman c16 .npy")
    func pythonVectors() throws {
        let vectors: [(base64: String, sha1: String, count: Int)] = [
            (Self.pythonF8, "db6804b3a7004cfb0af0314ed34be2c53301bbfc", 896),
            (Self.pythonC16, "8f330fbc7800634048fe0f6467e21f056ec21e81", 512),
        ]
        for vector in vectors {
            let compressed = try Base64.decode(vector.base64)
            let npy = try Zlib.inflate(compressed, maxOutput: 4096)
            #expect(npy.count == vector.count)
            #expect(SHA1.hash(npy).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() == vector.sha1)
            #expect(Self.streamed(compressed, readSizes: [12, 3, 50]) == .bytes(npy))
            let array = try NPY.read(deflated: compressed, maxOutput: 4096)
            #expect(array.data.count == vector.count - 128)
        }
    }

    @Test("highly compressible data: distance-1 runs, short periods, the maximum distance 32768")
    func longMatches() throws {
        try #require(Zlib.isAvailable)
        var cases: [[UInt8]] = [[UInt8](repeating: 0, count: 1 << 20), [UInt8](repeating: 0xAB, count: 258 * 3 + 1)]
        for period in 2...9 { cases.append((0..<100_000).map { UInt8(truncatingIfNeeded: $0 % period * 37) }) }
        let block = Self.sample(kind: 0, count: 32768, seed: 5)
        cases.append(block + block + block)
        cases.append(Self.sample(kind: 0, count: 1, seed: 9) + block + block)
        for data in cases {
            for level in [Int32(1), 6, 9] {
                let compressed = try Zlib.deflate(data, level: level)
                #expect(Self.ours(compressed) == .bytes(data))
                #expect(Self.streamed(compressed, readSizes: [1, 257, 4099, 31, 33000]) == .bytes(data))
            }
        }
        // Hand-made: one literal, then 258-byte matches at distance 1 (the copy overlaps itself).
        var writer = DeflateStreamWriter()
        writer.fixedBlock([.literal(9)] + Array(repeating: .match(lengthSymbol: 285, lengthExtra: 0, distanceSymbol: 0, distanceExtra: 0), count: 4) + [.endOfBlock], final: true)
        let expected = [UInt8](repeating: 9, count: 1 + 4 * 258)
        let stream = writer.finish(adlerOf: expected)
        #expect(Self.ours(stream) == .bytes(expected))
        #expect(Self.ours(stream) == Self.reference(stream))
    }

    @Test("matches reaching back across ZlibInflater reads (the 32 KiB window)")
    func windowAcrossReads() throws {
        try #require(Zlib.isAvailable)
        let data = Self.sample(kind: 4, count: 150_000, seed: 11) + Self.sample(kind: 2, count: 20_000, seed: 12)
        let compressed = try Zlib.deflate(data, level: 9)
        for sizes in [[1], [2, 3], [100], [32767], [32768], [32769], [5000, 70_000], [170_000]] {
            #expect(Self.streamed(compressed, readSizes: sizes) == .bytes(data), "\(sizes)")
        }
    }

    @Test("output limit: exactly at the limit succeeds, one byte less fails, as with libz")
    func limits() throws {
        try #require(Zlib.isAvailable)
        for data in [Self.sample(kind: 0, count: 70_000, seed: 3), Self.sample(kind: 3, count: 70_000, seed: 4), []] {
            for level in [Int32(0), 1, 6] {
                let compressed = try Zlib.deflate(data, level: level)
                for limit in [data.count, data.count - 1, data.count / 2, 0, 1, 4095, 1 << 20] where limit >= 0 {
                    let mine = Self.ours(compressed, maxOutput: limit)
                    #expect(mine == Self.reference(compressed, maxOutput: limit), "limit \(limit)")
                    #expect(mine == (limit >= data.count ? .bytes(data) : .failure(.compressionFailed)))
                }
            }
        }
    }

    @Test("truncation at every byte of small stored, fixed and dynamic streams is compressionFailed")
    func truncation() throws {
        try #require(Zlib.isAvailable)
        let inputs: [[UInt8]] = [
            [], [0x41], Array("hello hello hello hello".utf8), Self.sample(kind: 1, count: 700, seed: 1),
            Self.sample(kind: 2, count: 900, seed: 2),
        ]
        for data in inputs {
            for level in [Int32(0), 1, 9] {
                let compressed = try Zlib.deflate(data, level: level)
                for cut in 0..<compressed.count {
                    let prefix = Array(compressed.prefix(cut))
                    #expect(Self.ours(prefix) == .failure(.compressionFailed), "cut \(cut) of \(compressed.count)")
                    #expect(Self.streamed(prefix, readSizes: [5]) == .failure(.compressionFailed))
                }
            }
        }
    }

    @Test("flipped bits: same success/failure and bytes as libz, never a crash")
    func flippedBits() throws {
        try #require(Zlib.isAvailable)
        var random = Generator(state: 99)
        for (kind, size) in [(1, 600), (2, 2000), (3, 5000), (0, 300)] {
            for level in [Int32(0), 1, 6] {
                let compressed = try Zlib.deflate(Self.sample(kind: kind, count: size, seed: UInt64(size)), level: level)
                for _ in 0..<150 {
                    var corrupt = compressed
                    let position = Int(random.next() % UInt64(corrupt.count))
                    corrupt[position] ^= 1 << UInt8(random.next() % 8)
                    let mine = Self.ours(corrupt)
                    #expect(mine == Self.reference(corrupt))
                    #expect(Self.streamed(corrupt, readSizes: [1000]) == mine)
                }
            }
        }
    }

    @Test("bad headers, preset dictionary, Adler-32 and stored lengths are compressionFailed")
    func badContainer() throws {
        let good = [UInt8](Array("abcabcabc".utf8))
        var stored = DeflateStreamWriter()
        stored.storedBlock(good, final: true)
        let valid = stored.finish(adlerOf: good)
        #expect(Self.ours(valid) == .bytes(good))
        var cases: [[UInt8]] = []
        for (first, second) in [(0x78, 0x9D), (0x79, 0x9C), (0x88, 0x98), (0x77, 0x9C), (0x78, 0xBB), (0x08, 0x1D), (0xF8, 0x1B)] {
            var bad = valid
            bad[0] = UInt8(first)
            bad[1] = UInt8(second)
            if (first * 256 + second) % 31 == 0, first & 15 == 8, first >> 4 <= 7, second & 0x20 == 0 { continue }
            cases.append(bad)
        }
        var badAdler = valid
        badAdler[badAdler.count - 2] ^= 0x10
        cases.append(badAdler)
        var lengthMismatch = DeflateStreamWriter()
        lengthMismatch.storedBlock(good, final: true, complement: 0x1234)
        cases.append(lengthMismatch.finish(adlerOf: good))
        var longer = DeflateStreamWriter()
        longer.storedBlock(good, final: true, length: good.count + 5)
        cases.append(longer.finish(adlerOf: good))
        var blockType3 = DeflateStreamWriter()
        blockType3.bits(1, 1)
        blockType3.bits(3, 2)
        cases.append(blockType3.finish(adlerOf: []) + [0, 0, 0, 0])
        for bad in cases {
            #expect(Self.ours(bad) == .failure(.compressionFailed), "\(bad.prefix(4))")
            #expect(Self.streamed(bad, readSizes: [64]) == .failure(.compressionFailed))
            if Zlib.isAvailable { #expect(Self.reference(bad) == .failure(.compressionFailed)) }
        }
    }

    @Test("malformed Huffman blocks are compressionFailed, as with libz; single-code sets are accepted")
    func badHuffman() throws {
        try #require(Zlib.isAvailable)
        let literals9 = [Int](repeating: 9, count: 256)
        let message: [UInt8] = [1, 2, 3]
        let symbols: [DeflateStreamWriter.Symbol] = message.map { .literal($0) } + [.endOfBlock]
        func dynamic(_ literalLengths: [Int], _ distanceLengths: [Int], symbols: [DeflateStreamWriter.Symbol] = symbols,
                     codeLengthLengths: [Int]? = nil, encoded: [(symbol: Int, extra: Int)]? = nil,
                     literalCountField: Int? = nil, distanceCountField: Int? = nil, output: [UInt8] = message) -> [UInt8] {
            var writer = DeflateStreamWriter()
            if let codeLengthLengths {
                writer.dynamicBlock(symbols, final: true, literalLengths: literalLengths, distanceLengths: distanceLengths,
                                    codeLengthLengths: codeLengthLengths, encodedLengths: encoded,
                                    literalCountField: literalCountField, distanceCountField: distanceCountField)
            } else {
                writer.dynamicBlock(symbols, final: true, literalLengths: literalLengths, distanceLengths: distanceLengths,
                                    encodedLengths: encoded, literalCountField: literalCountField, distanceCountField: distanceCountField)
            }
            return writer.finish(adlerOf: output)
        }
        // Well-formed: 256 literals of 9 bits + end-of-block of 1 bit (complete).
        let valid = dynamic(literals9 + [1], [1])
        #expect(Self.ours(valid) == .bytes(message))
        #expect(Self.reference(valid) == .bytes(message))
        // Accepted like zlib: only an end-of-block code (one 1-bit code), and no distance codes.
        let onlyEnd = dynamic([Int](repeating: 0, count: 256) + [1], [0], symbols: [.endOfBlock], output: [])
        #expect(Self.ours(onlyEnd) == .bytes([]))
        #expect(Self.reference(onlyEnd) == .bytes([]))

        var malformed: [(String, [UInt8])] = [
            ("over-subscribed literal/length code", dynamic(literals9 + [1, 1], [1])),
            ("incomplete literal/length code", dynamic(literals9 + [2], [1])),
            ("missing end-of-block", dynamic(literals9 + [0, 1], [1])),
            ("over-subscribed distance code", dynamic(literals9 + [1], [1, 1, 1])),
            ("incomplete distance code", dynamic(literals9 + [1], [2, 2, 2])),
            ("incomplete code-length code", dynamic(literals9 + [1], [1], codeLengthLengths: (0..<19).map { $0 < 16 ? 5 : 0 })),
            ("over-subscribed code-length code", dynamic(literals9 + [1], [1], codeLengthLengths: (0..<19).map { $0 < 16 ? 4 : 2 })),
            ("too many literal/length codes", dynamic(literals9 + [1], [1], literalCountField: 30)),
            ("too many distance codes", dynamic(literals9 + [1], [1], distanceCountField: 30)),
            ("repeat with no previous length", dynamic(literals9 + [1], [1], encoded: [(16, 0)] + (literals9 + [1, 1]).map { ($0, 0) })),
            ("repeat past the end", dynamic(literals9 + [1], [1], encoded: (literals9 + [1]).map { ($0, 0) } + [(18, 10)])),
            // One 1-bit distance code (0); distance symbol 16 is sent as 10000, whose first bit has no code.
            ("distance code that is not in the set", dynamic(literals9 + [2, 2], [1], symbols: [.literal(1), .match(lengthSymbol: 257, lengthExtra: 0, distanceSymbol: 16, distanceExtra: 0), .endOfBlock])),
        ]
        var fixed = DeflateStreamWriter()
        fixed.fixedBlock([.literal(7), .match(lengthSymbol: 257, lengthExtra: 0, distanceSymbol: 1, distanceExtra: 0), .endOfBlock], final: true)
        malformed.append(("distance too far back", fixed.finish(adlerOf: [7, 7, 7, 7])))
        var fixed30 = DeflateStreamWriter()
        fixed30.fixedBlock([.literal(7), .match(lengthSymbol: 257, lengthExtra: 0, distanceSymbol: 30, distanceExtra: 0), .endOfBlock], final: true)
        malformed.append(("distance symbol 30", fixed30.finish(adlerOf: [7, 7, 7, 7])))
        var fixed286 = DeflateStreamWriter()
        fixed286.bits(1, 1)
        fixed286.bits(1, 2)
        fixed286.code(0xC6, 8)  // literal/length symbol 286 (codes 280...287 are 0xC0...0xC7)
        malformed.append(("literal/length symbol 286", fixed286.finish(adlerOf: [])))
        var noFinal = DeflateStreamWriter()
        noFinal.fixedBlock([.literal(1), .endOfBlock], final: false)
        malformed.append(("no final block", noFinal.finish(adlerOf: [1])))
        for (name, stream) in malformed {
            #expect(Self.ours(stream) == .failure(.compressionFailed), "\(name)")
            #expect(Self.reference(stream) == .failure(.compressionFailed), "\(name) (libz)")
            #expect(Self.streamed(stream, readSizes: [2]) == .failure(.compressionFailed), "\(name) (streamed)")
        }
        // A match reaching back exactly to the first byte is fine.
        var exact = DeflateStreamWriter()
        exact.fixedBlock([.literal(7), .literal(8), .match(lengthSymbol: 257, lengthExtra: 0, distanceSymbol: 1, distanceExtra: 0), .endOfBlock], final: true)
        let exactStream = exact.finish(adlerOf: [7, 8, 7, 8, 7])
        #expect(Self.ours(exactStream) == .bytes([7, 8, 7, 8, 7]))
        #expect(Self.reference(exactStream) == .bytes([7, 8, 7, 8, 7]))
    }

    @Test("several blocks of every type in one stream, and bytes after the stream are ignored")
    func mixedBlocks() throws {
        let first: [UInt8] = Array("stored block ".utf8)
        var writer = DeflateStreamWriter()
        writer.storedBlock(first, final: false)
        writer.storedBlock([], final: false)
        writer.fixedBlock([.literal(65), .match(lengthSymbol: 260, lengthExtra: 0, distanceSymbol: 4, distanceExtra: 1), .endOfBlock], final: false)
        writer.dynamicBlock([.literal(66), .endOfBlock], final: true, literalLengths: [Int](repeating: 9, count: 256) + [1], distanceLengths: [0])
        // Distance symbol 4 with extra bit 1 is distance 6; length symbol 260 is length 6.
        let afterFirst = first + [65]
        let expected = afterFirst + Array(afterFirst[(afterFirst.count - 6)...]) + [66]
        let stream = writer.finish(adlerOf: expected)
        #expect(Self.ours(stream) == .bytes(expected))
        #expect(Self.ours(stream + [0x78, 0x9C, 0xFF]) == .bytes(expected))
        #expect(Self.streamed(stream + [1, 2], readSizes: [1]) == .bytes(expected))
        if Zlib.isAvailable { #expect(Self.reference(stream) == .bytes(expected)) }
    }

    static let pythonF8 = "eJydyP1TEwQAh/FJdLtx0oWmBadrVLLxYuFNUSD8sg0XcFPwtQ3u4ngZW6GOthlgNLabSp7Ey0mSKOWp50ARTEZ0CwhPpJZtDPZCDIG9sPbiAiu5Dbwg+xd6fns+5/cd3pvLW0P4hPAptYQvKRZTUyjUd0t3URMo1FKRWCouPF4gEpfw/3N24VEJ/7lLhIXl/OdPS05KiE2gfEb5/4Ut51z65+L3FlyhM+dqSdcQdTZgu603gqfI9BP/dKG6e8NbK1IdCM7WqryntYg52Ple1xobGttyVeHRXnjIR2WGoAeh4zlNDtMDyBvvt7GqWzFdM6pMf98LTlII80yUF8LTVn1OmRpsko8W5rcjncHQTA0rsKWcRAjP9IBGyQqw3uhHuXLzSd+0CiV09Y4VuhlTFYS1u79YQNG6N+WiRS/0gqB9wyEzPmcIqnnWR/CbTUcM6ydxgGEdiKiZg/SCMK/z8gTm2w9rDr3ow3V2TFYHeRyNdWW8ZJ0PQmNa1V/1MxiqqNnS0d2LtNS2lp4TLljl3Ohjqwboq5ysl26a8DRyiWd0TcNUvE2boXJgkzuDu/bqPJRjjK90Ew4EW8JjWS0+FKG+8mWrH9Xezp5A8y/wR3LXT97QwVJwaqzX5cZ35o+zF5tnceVAxc1jyXbIzjGVkfJJWIL8YNzWx/DX976QF+MEp5hgKrw2hOYdG3vJilH47uy0RO914vRMu2gbbR7X3fHPEiZsuDcl+GC1xwHZALFo4IQV6SE/y54Zz2IkjBOvqZlEeyBRp13xQKq6KvrRqEelcJgT/8QF5mCIq1M9i/zWzOWdaW7QxaYHqicOlCyxzn/oeYikR9rSxEQDcn/6ss/Vb8F+8i379szH4MbNvtqXoUF7zI2MBckdpCzGjS3umUHegj2WkOrCO2MjTmK2F6u1w6kPtzsQnyI4/pHShShmhyhOMYP8CO3fX9/6HSbFN/5192zIPjinvsj9A5I6WVm/wQ0B2RZK+2EBr9GniLuoZsi1l98uLr+LI2eMuyNS50GR5+4TNalx8vVffxN1GUDJ2h/bxJ5D3W1Xw9BmLxpInG8H+/wIbbh76RTxPsj9S4OBfCNGIsY9lSQv1GzpMlXjxMaC0XObhqdxobGbkd5sxyuqqK1ddDv+BTEboeg="
    static let pythonC16 = "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2xopq6joJ6WX1RSlJgXn1+UkgqScEvMKU4FihdnJBakAvkaJjoKZpo6CrUK5AKuFS8mOyb8f27/snnntHf2N+3bPPkPxSz5sj+C84NASteV/R8/vGKtzH+yv2eWW3pyKZtD9wwbNSHFB/ZhW7/wLMq+Z99+m23qops/9ptUb3k87cCt/cs/zmJ+GvLNPsR/a69VxpP9yxQYcgNYbtqf/vhMeu6aD/b8r97+rdj+cv+2e+JJkVZn9vfGvb98/+Xv/UwSx8I/HGJyCFiXoK79f6/9zRn5T3WLr+4PzrBgecHy1X5t3JQrOotO2r+7uZL9Qv19+6urTqlM//PZfusqgWVPTv/cn9nSdmSh+2t7hgVvLU4Evdjvms15ljX5+/4Tj68xxeWdsN8XsPXrTLOn9jrHurLnLn9kL3p4iYZo0JP9ZXqblcTTHtrXcQuLdzXPsS/2C84O1bm/P0l4wlfHGX/29/lsC4sQvmbvIvK3wilzmf3C3DsXJWI/2L+1v8rgsvGb/dKrWaaJV47s//5pz/Vrk5/sD1O7uapo+U/7q5lSXS/6rtrXxXnrxhu9steqCN9UYPzRfrtXXnSk55f9+UULH6bM67EHADvn6Fk="
}
