import Testing
@testable import RuntimeWire

/// `NPY.read(deflated:maxOutput:)` (inflate in place) must give exactly what
/// `NPY.read(Zlib.inflate(…))` gives: the same arrays and the same errors.
@Suite("NPY read of a zlib stream")
struct NPYDeflatedTests {
    /// The outcome of a read: the array, or the error's code, message and offset.
    enum Outcome: Equatable {
        case array(NPYArray)
        case error(WireError.Code, String, Int?)
    }

    static func outcome(_ body: () throws -> NPYArray) -> Outcome {
        do {
            return .array(try body())
        } catch let error as WireError {
            return .error(error.code, error.message, error.offset)
        } catch {
            return .error(.invalidValue, "unexpected \(error)", nil)
        }
    }

    static func compare(_ compressed: [UInt8], maxOutput: Int = 1 << 24) -> (Outcome, Outcome) {
        let inPlace = outcome { try NPY.read(deflated: compressed, maxOutput: maxOutput) }
        let oneShot = outcome { try NPY.read(Zlib.inflate(compressed, maxOutput: maxOutput)) }
        return (inPlace, oneShot)
    }

    static func dtype(_ descr: String) throws -> NPYDType {
        try #require(NPYDType(descr: descr))
    }

    static func sampleArrays() throws -> [NPYArray] {
        var arrays: [NPYArray] = []
        var state: UInt64 = 0x1234_5678
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        arrays.append(NPYArray(dtype: try Self.dtype("<f8"), shape: [1000], data: (0..<8000).map { _ in next() }))
        arrays.append(NPYArray(dtype: try Self.dtype("<c16"), shape: [16, 4], fortranOrder: true, data: (0..<1024).map { _ in next() }))
        arrays.append(NPYArray(dtype: try Self.dtype(">i8"), shape: [0], data: []))
        arrays.append(NPYArray(dtype: try Self.dtype("|b1"), shape: [], data: [1]))
        arrays.append(NPYArray(dtype: try Self.dtype("|u1"), shape: [3, 5, 7], data: (0..<105).map { UInt8($0) }))
        return arrays
    }

    @Test("well-formed arrays read the same as through the one-shot inflate")
    func sameArrays() throws {
        try #require(Zlib.isAvailable)
        for array in try Self.sampleArrays() {
            let compressed = try Zlib.deflate(NPY.write(array))
            let (inPlace, oneShot) = Self.compare(compressed)
            #expect(inPlace == .array(array))
            #expect(inPlace == oneShot)
        }
    }

    @Test("trailing bytes after the zlib stream are ignored, as zlib.decompress does")
    func trailingBytes() throws {
        try #require(Zlib.isAvailable)
        let array = NPYArray(dtype: try Self.dtype("<f8"), shape: [4], data: [UInt8](repeating: 7, count: 32))
        let compressed = try Zlib.deflate(NPY.write(array)) + [1, 2, 3]
        let (inPlace, oneShot) = Self.compare(compressed)
        #expect(inPlace == .array(array))
        #expect(inPlace == oneShot)
    }

    @Test("irregular streams give the one-shot path's errors")
    func sameErrors() throws {
        try #require(Zlib.isAvailable)
        let array = NPYArray(dtype: try Self.dtype("<f8"), shape: [64], data: (0..<512).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let file = NPY.write(array)
        let compressed = try Zlib.deflate(file)
        var cases: [(String, [UInt8], Int)] = [
            ("truncated stream", Array(compressed.prefix(compressed.count / 2)), 1 << 20),
            ("over the output limit", compressed, file.count - 1),
            ("limit inside the header", compressed, 40),
            ("data shorter than the shape", try Zlib.deflate(Array(file.dropLast(8))), 1 << 20),
            ("data longer than the shape", try Zlib.deflate(file + [0, 0, 0, 0, 0, 0, 0, 0]), 1 << 20),
            ("not a .npy file", try Zlib.deflate(Array("not numpy at all, just text".utf8)), 1 << 20),
            ("tiny file", try Zlib.deflate([0x93, 0x4E]), 1 << 20),
            ("empty", try Zlib.deflate([]), 1 << 20),
            ("not zlib", [1, 2, 3, 4, 5, 6, 7, 8], 1 << 20),
        ]
        var corrupt = compressed
        corrupt[corrupt.count / 2] ^= 0xFF
        cases.append(("corrupt stream", corrupt, 1 << 20))
        var badChecksum = compressed
        badChecksum[badChecksum.count - 1] ^= 0x01
        cases.append(("bad Adler-32", badChecksum, 1 << 20))
        for (name, bytes, limit) in cases {
            let (inPlace, oneShot) = Self.compare(bytes, maxOutput: limit)
            #expect(inPlace == oneShot, "\(name)")
            if case .array = inPlace { Issue.record("\(name): expected an error") }
        }
    }
}
