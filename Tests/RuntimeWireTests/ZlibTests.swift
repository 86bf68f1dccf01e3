import Testing
@testable import RuntimeWire

private func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
    }
    return bytes
}

private func zlibError(_ body: () throws -> [UInt8]) -> WireError? {
    do {
        _ = try body()
        return nil
    } catch let error as WireError {
        return error
    } catch {
        return nil
    }
}

@Suite("Zlib")
struct ZlibTests {
    @Test("libz.so.1 loads on this platform")
    func available() {
        #expect(Zlib.isAvailable)
    }

    @Test("PROTOCOL.md §5.4 V1: inflates to the 160-byte .npy and re-deflates byte for byte")
    func protocolVectorV1() throws {
        let compressed = try Base64.decode(ProtocolVectors.v1Base64)
        let npy = try Zlib.inflate(compressed, maxOutput: 1 << 20)
        #expect(npy == hexBytes(ProtocolVectors.v1NPYHex))
        #expect(npy.count == 160)
        #expect(Array(npy.prefix(6)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
        let again = try Zlib.deflate(npy)
        #expect(Array(again.prefix(2)) == [0x78, 0x9C])
        #expect(again == compressed)
        #expect(Base64.encode(again) == ProtocolVectors.v1Base64)
    }

    @Test("PROTOCOL.md §5.4 V2 ndarray values re-deflate byte for byte")
    func protocolVectorsV2() throws {
        #expect(ProtocolVectors.v2Arrays.count >= 5)
        for (input, text) in ProtocolVectors.v2Arrays {
            let compressed = try Base64.decode(text)
            let npy = try Zlib.inflate(compressed, maxOutput: 4096)
            #expect(try Zlib.deflate(npy) == compressed, "\(input)")
        }
    }

    @Test("round trips at every level, empty and large inputs")
    func roundTrips() throws {
        var large = [UInt8](repeating: 0, count: 1 << 20)
        var state: UInt32 = 1
        for index in large.indices {
            state = state &* 1_103_515_245 &+ 12345
            large[index] = index % 3 == 0 ? UInt8(truncatingIfNeeded: state >> 16) : UInt8(index % 7)
        }
        for level in Int32(-1)...9 {
            for data in [[], Array("hello hello hello".utf8), large] {
                let compressed = try Zlib.deflate(data, level: level)
                #expect(try Zlib.inflate(compressed, maxOutput: data.count) == data)
            }
        }
        #expect(try Zlib.deflate([]) == [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
    }

    @Test("output over the limit is an error; exactly at the limit is fine")
    func limit() throws {
        let data = [UInt8](repeating: 7, count: 100_000)
        let compressed = try Zlib.deflate(data)
        #expect(try Zlib.inflate(compressed, maxOutput: 100_000) == data)
        let error = zlibError { try Zlib.inflate(compressed, maxOutput: 99_999) }
        #expect(error?.code == .compressionFailed)
        #expect(error?.message.contains("limit") == true)
        #expect(zlibError { try Zlib.inflate(compressed, maxOutput: 0) }?.code == .compressionFailed)
        #expect(zlibError { try Zlib.inflate(compressed, maxOutput: -5) }?.code == .compressionFailed)
        let empty = try Zlib.deflate([])
        #expect(try Zlib.inflate(empty, maxOutput: 0) == [])
    }

    @Test("a bomb is stopped at the limit")
    func bomb() throws {
        let compressed = try Zlib.deflate([UInt8](repeating: 0, count: 64 << 20), level: 9)
        #expect(compressed.count < 100_000)
        #expect(zlibError { try Zlib.inflate(compressed, maxOutput: 1 << 20) }?.code == .compressionFailed)
    }

    @Test("corrupt, truncated and empty input is compressionFailed")
    func corrupt() throws {
        let compressed = try Zlib.deflate(Array("The quick brown fox jumps over the lazy dog".utf8))
        #expect(zlibError { try Zlib.inflate([], maxOutput: 100) }?.code == .compressionFailed)
        #expect(zlibError { try Zlib.inflate([0x78], maxOutput: 100) }?.code == .compressionFailed)
        #expect(zlibError { try Zlib.inflate(Array(compressed.dropLast(4)), maxOutput: 100) }?.code == .compressionFailed)
        #expect(zlibError { try Zlib.inflate(Array(compressed.dropLast(1)), maxOutput: 100) }?.code == .compressionFailed)
        var badHeader = compressed
        badHeader[0] = 0x79
        #expect(zlibError { try Zlib.inflate(badHeader, maxOutput: 100) }?.code == .compressionFailed)
        var badChecksum = compressed
        badChecksum[badChecksum.count - 1] ^= 0xFF
        let checksumError = zlibError { try Zlib.inflate(badChecksum, maxOutput: 100) }
        #expect(checksumError?.code == .compressionFailed)
        #expect(checksumError?.message.contains("check") == true)
        #expect(zlibError { try Zlib.inflate(Array("not zlib at all".utf8), maxOutput: 100) }?.code == .compressionFailed)
        // A raw deflate stream (no zlib header) and a gzip stream are not the zlib container.
        #expect(zlibError { try Zlib.inflate([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0], maxOutput: 100) }?.code == .compressionFailed)
    }

    @Test("bytes after the end of the stream are ignored, as Python does")
    func trailingBytes() throws {
        let compressed = try Zlib.deflate(Array("abc".utf8))
        #expect(try Zlib.inflate(compressed + [0x78, 0x78], maxOutput: 10) == Array("abc".utf8))
    }

    @Test("concurrent use from many tasks (one-time loading is thread-safe)")
    func concurrent() async throws {
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    let data = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* (task + 1) / 7) }
                    #expect(Zlib.isAvailable)
                    let compressed = try Zlib.deflate(data, level: Int32(task % 10))
                    return try Zlib.inflate(compressed, maxOutput: data.count) == data
                }
            }
            var all: [Bool] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 })
    }

    @Test("an invalid level is compressionFailed")
    func badLevel() {
        #expect(zlibError { try Zlib.deflate([1, 2, 3], level: 10) }?.code == .compressionFailed)
        #expect(zlibError { try Zlib.deflate([1, 2, 3], level: -2) }?.code == .compressionFailed)
    }
}
