import Foundation
import QiskitRuntime
import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// The SDK's typed primitives (`PrimitiveRequest`, `SamplerResult`, `EstimatorResult`) against the
/// emulator's simulator over HTTP, the IBM Cloud way: what a Swift user's offline test does.
@Suite("SDK primitives end to end on the emulator's simulator", .timeLimit(.minutes(2)))
struct SDKPrimitivesEndToEndTests {
    static let apiKey = "sdk-primitives-key"
    static let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/sdk:primitives::"

    func withService(_ body: (RuntimeService) async throws -> Void) async throws {
        var configuration = EmulatorConfiguration(
            timing: EmulatorTiming(queued: .zero, interval: .milliseconds(10), interimCount: 0),
            iamAPIKey: Self.apiKey, instanceCRN: Self.crn)
        configuration.platform.backends = PrimitiveHarness.catalog
        let emulator = try await Emulator.start(configuration: configuration)
        var client = RuntimeConfiguration(
            account: .ibmCloud(apiKey: Self.apiKey, instanceCRN: Self.crn, iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"),
            transport: RuntimeHTTPTransport())
        client.pollInterval = .milliseconds(20)
        do {
            try await withRuntimeService(configuration: client) { service in try await body(service) }
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
    }

    @Test("SamplerV2: a Bell pub and a GHZ pub, tagged and plain results, counts() on the packed rows")
    func sampler() async throws {
        try await withService { service in
            for tagged in [true, false] {
                let request = try PrimitiveRequest.sampler(
                    [SamplerPub(circuit: SamplerV2Tests.bell), SamplerPub(circuit: SamplerV2Tests.ghz(5), shots: 300)],
                    shots: 1000, taggedResults: tagged)
                let job = try await service.run(program: request.programID, backend: "any_tallinn", inputs: request.params)
                let result = try await job.samplerResult(timeout: .seconds(60))
                let bell = try #require(result[0].data["c"]).counts()
                #expect(Set(bell.keys) == ["00", "11"] && bell.values.reduce(0, +) == 1000, "\(bell)")
                let ghz = try #require(result[1].data["meas"]).counts()
                #expect(Set(ghz.keys) == ["00000", "11111"] && ghz.values.reduce(0, +) == 300, "\(ghz)")
            }
        }
    }

    @Test("EstimatorV2: ⟨Z⟩ over a sweep within 6σ of cos θ, ⟨ZZ⟩ of Bell exactly 1")
    func estimator() async throws {
        try await withService { service in
            let thetas = [0.2, 1.0, 2.4]
            var options = EstimatorOptions()
            options.seedEstimator = 5
            let request = try PrimitiveRequest.estimator([
                EstimatorPub(circuit: EstimatorV2Tests.rotation, observables: ["Z"], parameterValues: ParameterValues(sweep: thetas.map { [$0] })),
                EstimatorPub(circuit: EstimatorV2Tests.bell, observables: ["ZZ": 1.0]),
            ], precision: 0.01, options: options)
            let job = try await service.run(program: request.programID, backend: "any_tallinn", inputs: request.params)
            let result = try await job.estimatorResult(timeout: .seconds(60))
            #expect(result[0].evs.shape == [3])
            for (k, theta) in thetas.enumerated() {
                let sigma = result[0].stds[k]
                #expect(abs(sigma - 0.01 * abs(sin(theta))) < 1e-12)
                #expect(abs(result[0].evs[k] - cos(theta)) <= 6 * sigma + 1e-12)
            }
            #expect(result[1].evs.scalar.map { abs($0 - 1) < 1e-9 } == true)
        }
    }
}
