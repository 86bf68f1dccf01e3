import Testing
@testable import QiskitRuntime

@Suite("Primitive results through RuntimeJob", .timeLimit(.minutes(1)))
struct PrimitiveJobResultTests {
    private func job(_ transport: ScriptedTransport, result: String) async throws -> RuntimeJob {
        let service = try await Fixtures.service(transport)
        Fixtures.statuses(transport, "j1", "Completed")
        transport.on("GET", "/jobs/j1/results", json: result)
        return try await service.job("j1")
    }

    @Test("samplerResult(), result(as:) and the typed decoder give the value init(json:) reads")
    func sampler() async throws {
        let text = try PrimitiveFixtures.text("sampler_sweep.tagged.json")
        let transport = ScriptedTransport()
        let job = try await job(transport, result: text)
        let expected = try SamplerResult(json: text)
        #expect(try await job.samplerResult(timeout: .seconds(10)) == expected)
        #expect(try await job.result(as: SamplerResult.self) == expected)
        #expect(try await job.result(decoder: PrimitiveResultDecoder<SamplerResult>()) == expected)
        #expect(try await job.samplerResult()[0].data["meas"]?[1, 2].counts() == expected[0].data["meas"]?[1, 2].counts())
        #expect(transport.requests("GET", "/jobs/j1/results").count == 1)
    }

    @Test("estimatorResult() reads the plain form; the wrong kind of result is a decoding error")
    func estimator() async throws {
        let text = try PrimitiveFixtures.text("estimator_shaped.plain.json")
        let transport = ScriptedTransport()
        let job = try await job(transport, result: text)
        let result = try await job.estimatorResult()
        #expect(result[0].shape == [3, 2])
        #expect(result == (try EstimatorResult(json: text)))
        await #expect(throws: RuntimeError.self) { _ = try await job.samplerResult() }
        do {
            _ = try await job.result(as: SamplerResult.self)
            Issue.record("no error")
        } catch let error as RuntimeError {
            #expect(error.code == .decodingFailed)
        }
    }
}
