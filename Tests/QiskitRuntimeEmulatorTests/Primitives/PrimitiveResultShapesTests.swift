import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// The emulator's two result shapes read by the SDK's own decoders (`SamplerResult`,
/// `EstimatorResult`, which accept both forms) give the same data: the same BitArrays and
/// counts, the same expectation values and standard errors, and the execution spans.
@Suite("Sampler and Estimator results: both shapes read by the SDK's decoders", .timeLimit(.minutes(2)))
struct PrimitiveResultShapesTests {
    typealias H = PrimitiveHarness

    @Test("Sampler: tagged and plain decode to equal BitArrays (a sweep of shape (2,), two registers)")
    func sampler() async throws {
        let text = """
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            qubit[3] q;
            bit[1] a;
            bit[2] b;
            ry(theta) q[0];
            cx q[0], q[1];
            h q[2];
            a[0] = measure q[0];
            b[0] = measure q[1];
            b[1] = measure q[2];
            """
        try await H.with { h in
            let pubs = "[[\(H.quoted(text)), [[0.4], [2.2]], 300], [\(H.quoted(SamplerV2Tests.ghz(4))), null, 100]]"
            let tagged = try QiskitRuntime.SamplerResult(json: try #require(try await h.run("sampler", params: H.samplerParams(pubs, tagged: true)).resultText))
            let plain = try QiskitRuntime.SamplerResult(json: try #require(try await h.run("sampler", params: H.samplerParams(pubs, tagged: false)).resultText))
            #expect(tagged.count == 2 && plain.count == 2)
            for (first, second) in zip(tagged, plain) {
                #expect(first.data == second.data)
                #expect(first.shape == second.shape)
            }
            let b = try #require(tagged[0].data["b"])
            #expect(b.shape == [2] && b.shots == 300 && b.bitCount == 2)
            #expect(tagged[0].data.names == ["a", "b"])
            #expect(Set(try #require(tagged[1].data["meas"]).counts().keys) == ["0000", "1111"])
            #expect(tagged.executionSpans.count == 2 && plain.executionSpans.count == 2)
            #expect(tagged.executionSpans.allSatisfy { $0.start <= $0.stop })
        }
    }

    @Test("Estimator: tagged and plain decode to equal evs and stds")
    func estimator() async throws {
        try await H.with { h in
            let pubs = #"[[\#(H.quoted(EstimatorV2Tests.rotation)), [[{"Z": 1}], [{"X": 1, "I": 0.25}]], [0.3, 1.2, 2.5], 0.01], [\#(H.quoted(EstimatorV2Tests.bell)), {"ZZ": 1}, null, 0]]"#
            let options = #"{"seed_estimator": 4}"#
            let tagged = try EstimatorResult(json: try #require(try await h.run("estimator", params: EstimatorV2Tests.params(pubs, options: options, tagged: true)).resultText))
            let plain = try EstimatorResult(json: try #require(try await h.run("estimator", params: EstimatorV2Tests.params(pubs, options: options, tagged: false)).resultText))
            #expect(tagged.count == 2 && plain.count == 2)
            for (first, second) in zip(tagged, plain) {
                #expect(first.evs == second.evs)
                #expect(first.stds == second.stds)
            }
            #expect(tagged[0].evs.shape == [2, 3])
            #expect(tagged[1].evs.scalar.map { abs($0 - 1) < 1e-12 } == true)
        }
    }
}
