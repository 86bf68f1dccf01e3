import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// Sampler V2 jobs (v1 `sampler` with pubs) through the emulator's HTTP API, circuits as
/// OpenQASM 3 text, results checked against analytic answers.
@Suite("Sampler V2 on the simulator (HTTP, OpenQASM 3)", .timeLimit(.minutes(5)))
struct SamplerV2Tests {
    typealias H = PrimitiveHarness

    static let bell = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[2] q;
        bit[2] c;
        h q[0];
        cx q[0], q[1];
        c = measure q;
        """

    static func ghz(_ n: Int) -> String {
        var text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[\(n)] q;\nbit[\(n)] meas;\nh q[0];\n"
        for k in 1..<n { text += "cx q[\(k - 1)], q[\(k)];\n" }
        return text + "meas = measure q;\n"
    }

    static let rotation = """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float[64] theta;
        qubit[1] q;
        bit[1] c;
        ry(theta) q[0];
        c[0] = measure q[0];
        """

    @Test("Bell: only 00 and 11, about half each (tagged BitArray, uint8 big-endian, shape (shots, 1))")
    func bell() async throws {
        try await H.with { h in
            let shots = 4000
            let job = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(Self.bell)), null, \(shots)]]"))
            #expect(job.status == "Completed", "\(job.job)")
            let (array, bits) = try H.bitArray(try job.decoded(), pub: 0, register: "c")
            #expect(bits == 2)
            #expect(array.dtype == .uint8)
            #expect(array.shape == [shots, 1])
            let counts = H.counts(H.values(array.bytes, width: 1))
            #expect(Set(counts.keys).isSubset(of: [0, 3]), "\(counts)")
            #expect(H.plausible(counts[0] ?? 0, of: shots, probability: 0.5), "\(counts)")
        }
    }

    @Test("GHZ(5): only 00000 and 11111; the DataBin, metadata and execution span")
    func ghz() async throws {
        try await H.with { h in
            let job = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(Self.ghz(5))), null, 1000]]"))
            let result = try #require(job.result)
            #expect(result["__type__"] == .string("PrimitiveResult"))
            let pub = try #require(result["__value__"]?["pub_results"]?.arrayValue?.first)
            #expect(pub["__type__"] == .string("SamplerPubResult"))
            #expect(pub["__value__"]?["data"]?["__value__"]?["field_names"] == .strings(["meas"]))
            #expect(pub["__value__"]?["data"]?["__value__"]?["shape"] == .array([]))
            #expect(pub["__value__"]?["metadata"]?["shots"] == .integer(1000))
            let span = try #require(result["__value__"]?["metadata"]?["execution"]?["execution_spans"]?["__value__"]?["spans"]?.arrayValue?.first)
            #expect(span["__type__"] == .string("DoubleSliceSpan"))
            #expect(span["__value__"]?["start"]?["__type__"] == .string("datetime"))
            let slice: JSONValue = .array([.array([.integer(1000)]), .integer(0), .integer(1), .integer(0), .integer(1000)])
            #expect(span["__value__"]?["data_slices"]?["0"] == slice)
            #expect(result["__value__"]?["metadata"]?["version"] == .integer(2))
            let (array, bits) = try H.bitArray(try job.decoded(), pub: 0, register: "meas")
            #expect(bits == 5)
            let counts = H.counts(H.values(array.bytes, width: 1))
            #expect(Set(counts.keys) == [0, 31], "\(counts)")
        }
    }

    @Test("ry(θ) sweep: P(1) = sin²(θ/2) per parameter set; list, dict and ndarray forms give identical shots")
    func rotationSweep() async throws {
        try await H.with { h in
            let thetas = [0, Double.pi / 3, Double.pi / 2, 2 * Double.pi / 3, Double.pi]
            let shots = 2000
            let list = "[" + thetas.map { "[\($0)]" }.joined(separator: ", ") + "]"
            let job = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(Self.rotation)), \(list), \(shots)]]"))
            let (array, _) = try H.bitArray(try job.decoded(), pub: 0, register: "c")
            #expect(array.shape == [thetas.count, shots, 1])
            let values = H.values(array.bytes, width: 1)
            for (k, theta) in thetas.enumerated() {
                let ones = values[(k * shots)..<((k + 1) * shots)].filter { $0 == 1 }.count
                #expect(H.plausible(ones, of: shots, probability: pow(sin(theta / 2), 2)), "θ=\(theta): \(ones) ones")
            }
            // The same sweep by name, and as an ndarray of shape (5, 1): the same seeded shots.
            let byName = #"{"theta": ["# + thetas.map { "\($0)" }.joined(separator: ", ") + "]}"
            let named = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(Self.rotation)), \(byName), \(shots)]]"))
            let ndarray = JSONWriter.write(try NPYWriter.ndarrayValue(npy: try NPYWriter.float64(thetas, shape: [thetas.count, 1])), style: .compact)
            let packed = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(Self.rotation)), \(ndarray), \(shots)]]"))
            #expect(try H.bitArray(try named.decoded(), pub: 0, register: "c").array == array)
            #expect(try H.bitArray(try packed.decoded(), pub: 0, register: "c").array == array)
        }
    }

    @Test("several classical registers: one BitArray each, named and sized like the registers")
    func registers() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[5] q;
            bit[2] low;
            bit[3] high;
            x q[0];
            x q[3];
            x q[4];
            low[0] = measure q[0];
            low[1] = measure q[1];
            high = measure q[2:4];
            """
        try await H.with { h in
            let job = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(text)), null, 50]]"))
            let decoded = try job.decoded()
            let low = try H.bitArray(decoded, pub: 0, register: "low")
            let high = try H.bitArray(decoded, pub: 0, register: "high")
            #expect(low.bits == 2 && high.bits == 3)
            #expect(Set(H.values(low.array.bytes, width: 1)) == [0b01])
            #expect(Set(H.values(high.array.bytes, width: 1)) == [0b110])
            let pub = try #require(job.result?["__value__"]?["pub_results"]?.arrayValue?.first)
            #expect(pub["__value__"]?["data"]?["__value__"]?["field_names"] == .strings(["low", "high"]))
        }
    }

    @Test("mid-circuit measurement and reset: per-shot trajectories")
    func midCircuit() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            bit[3] c;
            h q[0];
            c[0] = measure q[0];
            cx q[0], q[1];
            reset q[0];
            c[1] = measure q[0];
            x q[0];
            c[2] = measure q[0];
            """
        try await H.with { h in
            let shots = 2000
            let job = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(text)), null, \(shots)]]"))
            let values = H.values(try H.bitArray(try job.decoded(), pub: 0, register: "c").array.bytes, width: 1)
            // c[1] is always 0 (reset), c[2] always 1; c[0] is a fair coin.
            #expect(Set(values).isSubset(of: [0b100, 0b101]), "\(H.counts(values))")
            let heads = values.filter { $0 & 1 == 1 }.count
            #expect(H.plausible(heads, of: shots, probability: 0.5))
        }
    }

    @Test("the same seed gives the same shots, another seed other shots")
    func seeds() async throws {
        try await H.with { h in
            func shots(_ seed: Int) async throws -> NDArray {
                let job = try await h.run("sampler", params: H.samplerParams(
                    "[[\(H.quoted(Self.bell)), null, 256]]", options: #"{"simulator": {"seed_simulator": \#(seed)}}"#))
                return try H.bitArray(try job.decoded(), pub: 0, register: "c").array
            }
            let first = try await shots(11)
            #expect(try await shots(11) == first)
            #expect(try await shots(12) != first)
        }
    }

    @Test("the plain result (support_qiskit false) holds the same shots as hex strings")
    func plainShape() async throws {
        try await H.with { h in
            let pubs = "[[\(H.quoted(Self.rotation)), [[0.5], [2.5]], 64], [\(H.quoted(Self.ghz(3))), null, 32]]"
            let tagged = try await h.run("sampler", params: H.samplerParams(pubs, tagged: true))
            let plain = try await h.run("sampler", params: H.samplerParams(pubs, tagged: false))
            let result = try #require(plain.result)
            #expect(result["results"]?.arrayValue?.count == 2)
            let first = try #require(result["results"]?.arrayValue?.first?["data"]?["c"])
            #expect(first["num_bits"] == .integer(1))
            #expect(first["samples"]?.arrayValue?.count == 2)   // nested to shape (2,)
            #expect(first["samples"]?.arrayValue?.first?.arrayValue?.count == 64)
            #expect(result["metadata"]?["version"] == .integer(2))
            let decoded = try tagged.decoded()
            for (pub, register) in [(0, "c"), (1, "meas")] {
                let packed = try H.bitArray(decoded, pub: pub, register: register)
                let width = (packed.bits + 7) / 8
                #expect(try H.plainSamples(result, pub: pub, register: register) == H.values(packed.array.bytes, width: width))
            }
        }
    }
}
