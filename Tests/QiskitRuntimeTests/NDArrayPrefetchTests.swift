import Testing
@testable import QiskitRuntime
import RuntimeWire

/// `RuntimeValue(json:)` decodes the ndarrays of a large result on all cores first
/// (`NDArrayPrefetch`); the outcome must be exactly that of decoding each array on its own.
@Suite("ndarray prefetch of large results")
struct NDArrayPrefetchTests {
    static func allowance() -> ByteAllowance { ByteAllowance(limit: 1 << 30) }

    /// `count` arrays of 20,000 barely compressible doubles each (about 200 KB of text apiece).
    static func arrays(_ count: Int) throws -> [NDArray] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return try (0..<count).map { index in
            let doubles = (0..<20_000).map { _ -> Double in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53) + Double(index)
            }
            return try NDArray(doubles: doubles)
        }
    }

    @Test("a large result decodes to the same arrays, in order, as each array alone")
    func sameAsAlone() throws {
        let originals = try Self.arrays(8)
        let texts = originals.map { RuntimeValue.ndarray($0).json }
        let document = "{\"blocks\": [" + texts.enumerated().map { "{\"i\": \($0.offset), \"a\": \($0.element)}" }
            .joined(separator: ", ") + "], \"last\": " + texts[3] + "}"
        #expect(document.utf8.count > NDArrayPrefetch.minimumTotalBytes)
        let prefetch = NDArrayPrefetch(try JSONParser.parse(document), allowance: Self.allowance(), maxArrayBytes: 1 << 30)
        #expect(prefetch != nil)
        let value = try RuntimeValue(json: document)
        guard case .object(let top) = value, case .array(let blocks)? = top["blocks"] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(blocks.count == 8)
        for (index, block) in blocks.enumerated() {
            #expect(block["a"] == .ndarray(originals[index]))
            #expect(block["a"] == (try RuntimeValue(json: texts[index])))
        }
        #expect(top["last"] == .ndarray(originals[3]))
    }

    @Test("the first corrupt array in document order gives the error, as without prefetching")
    func firstErrorWins() throws {
        let texts = try Self.arrays(8).map { RuntimeValue.ndarray($0).json }
        func corrupt(_ text: String) -> String {
            // Flip one base64 character inside the zlib data: inflating fails (bad data or Adler-32).
            var bytes = Array(text.utf8)
            let at = bytes.count / 2
            bytes[at] = bytes[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            return String(decoding: bytes, as: UTF8.self)
        }
        var broken = texts
        broken[2] = corrupt(texts[2])
        broken[6] = corrupt(texts[6])
        let document = "[" + broken.joined(separator: ", ") + "]"
        var alone: RuntimeError?
        do { _ = try RuntimeValue(json: broken[2]) } catch let error as RuntimeError { alone = error }
        #expect(alone?.code == .invalidValue)
        do {
            _ = try RuntimeValue(json: document)
            Issue.record("expected an error")
        } catch let error as RuntimeError {
            #expect(error == alone)
        }
    }

    @Test("small results and single arrays are not prefetched")
    func smallNotPrefetched() throws {
        let one = RuntimeValue.ndarray(try Self.arrays(1)[0]).json
        #expect(NDArrayPrefetch(try JSONParser.parse("[" + one + "]"), allowance: Self.allowance(), maxArrayBytes: 1 << 30) == nil)
        let small = RuntimeValue.ndarray(try NDArray(doubles: [1, 2, 3])).json
        #expect(NDArrayPrefetch(try JSONParser.parse("[" + small + ", " + small + "]"), allowance: Self.allowance(), maxArrayBytes: 1 << 30) == nil)
    }
}
