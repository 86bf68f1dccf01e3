import QiskitRuntime
import RuntimeWire

/// Sampler results of random outcomes, written exactly as qiskit-ibm-runtime's `RuntimeEncoder`
/// writes a `PrimitiveResult` (the shape of `Resources/sampler_100k_127.json`), so that
/// `Python/primitives_bench.py` builds the same bytes from the same recipe:
///
/// the packed outcomes are the little-endian bytes of SplitMix64(seed) outputs in order, row `r`
/// taking bytes `r·w ..< (r+1)·w` (`w = ceil(bits/8)`), each row's first byte masked to the
/// register's width. Both sides print the text's length and FNV-1a 64 hash to show it.
enum BitArrayResultPayload {
    /// The packed outcomes of `shots` shots of `bits` bits.
    static func packedOutcomes(shots: Int, bits: Int, seed: UInt64) -> [UInt8] {
        let width = (bits + 7) / 8
        var generator = SplitMix64(seed: seed)
        var bytes = [UInt8](repeating: 0, count: shots * width)
        var index = 0
        while index < bytes.count {
            let word = generator.next()
            for k in 0..<8 where index + k < bytes.count { bytes[index + k] = UInt8(truncatingIfNeeded: word >> UInt64(8 * k)) }
            index += 8
        }
        let lead = bits % 8
        if lead != 0 {
            for row in 0..<shots { bytes[row * width] &= UInt8((1 << lead) - 1) }
        }
        return bytes
    }

    /// The result text: one pub, register `meas`, shape `()`, with the execution span of the
    /// shared 100k file.
    static func make(shots: Int, bits: Int, seed: UInt64) throws -> String {
        let width = (bits + 7) / 8
        let array = try NDArray(uint8s: packedOutcomes(shots: shots, bits: bits, seed: seed), shape: [shots, width])
        func object(_ members: [(String, RuntimeValue)]) -> RuntimeValue { .object(RuntimeObject(members)) }
        func tagged(_ tag: String, _ payload: RuntimeValue) -> RuntimeValue {
            object([("__type__", .string(tag)), ("__value__", payload)])
        }
        let bitArray = tagged("BitArray", object([("array", .ndarray(array)), ("num_bits", .integer(Int64(bits)))]))
        let dataBin = tagged("DataBin", object([
            ("field_names", .array([.string("meas")])), ("shape", .array([])), ("fields", object([("meas", bitArray)])),
        ]))
        let pub = tagged("SamplerPubResult", object([("data", dataBin), ("metadata", object([("circuit_metadata", object([]))]))]))
        let slice: RuntimeValue = .array([.array([]), .integer(0), .integer(1), .integer(0), .integer(Int64(shots))])
        let span = tagged("DoubleSliceSpan", object([
            ("start", .datetime(try RuntimeDateTime(isoText: "2025-01-01T12:00:00+00:00"))),
            ("stop", .datetime(try RuntimeDateTime(isoText: "2025-01-01T12:00:03+00:00"))),
            ("data_slices", object([("0", slice)])),
        ]))
        let spans = tagged("ExecutionSpans", object([("spans", .array([span]))]))
        let result = tagged("PrimitiveResult", object([
            ("pub_results", .array([pub])),
            ("metadata", object([("execution", object([("execution_spans", spans)])), ("version", .integer(2))])),
        ]))
        return result.json
    }

    /// FNV-1a 64 of the text's UTF-8 bytes, as hex.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(hash, radix: 16)
    }
}
