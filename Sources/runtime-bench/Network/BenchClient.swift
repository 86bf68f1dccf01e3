#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime
import QiskitRuntimeEmulator

/// A `RuntimeService` of the SDK pointed at the emulator under measurement, with an access token
/// the bench's `serve` mode accepts (no login round trip), and a counting transport.
struct BenchClient {
    /// The environment variable that carries ``accessToken`` to child processes (and names the
    /// token of an emulator given with `--url`).
    static let accessTokenVariable = "RUNTIME_BENCH_ACCESS_TOKEN"

    /// The access token `runtime-bench serve` accepts besides the ones its login issues: from
    /// `RUNTIME_BENCH_ACCESS_TOKEN` (set by the parent bench for its children), else a fresh
    /// random secret of this process.
    static let accessToken: String = {
        if let token = getenv(accessTokenVariable).map({ String(cString: $0) }), !token.isEmpty { return token }
        return EmulatorConfiguration.makeSecret()
    }()

    /// Hands ``accessToken`` to the children spawned from now on (the `serve` emulator, `one-job`).
    static func exportAccessToken() {
        setenv(accessTokenVariable, accessToken, 1)
    }
    /// The backend every bench job runs on.
    static let backend = "ibmq_qasm_simulator"

    let service: RuntimeService
    let transport: CountingTransport

    /// A service on `baseURL` (`http://127.0.0.1:PORT`); `--url` emulators must accept
    /// `accessToken` (give it in `RUNTIME_BENCH_ACCESS_TOKEN`), or be a `runtime-bench serve`
    /// started with the same variable.
    static func connect(baseURL: String, pollInterval: Duration? = nil) async throws -> BenchClient {
        let transport = CountingTransport()
        var configuration = RuntimeConfiguration(
            account: .accessToken(accessToken, runtimeURL: baseURL + "/runtime"), transport: transport)
        configuration.defaultBackend = backend
        if let pollInterval { configuration.pollInterval = pollInterval }
        let service = try await RuntimeService(configuration: configuration)
        return BenchClient(service: service, transport: transport)
    }

    /// The backend of the platform figures (the emulator's small Heron-style device).
    static let platformBackend = "fake_tallinn"

    /// A service of today's platform on `baseURL`: the emulator's IAM endpoint and `/api/v1`,
    /// with the emulator's default API key and instance CRN (what `runtime-bench serve` accepts).
    static func connectPlatform(baseURL: String, pollInterval: Duration? = nil) async throws -> BenchClient {
        let transport = CountingTransport()
        let defaults = EmulatorConfiguration()
        var configuration = RuntimeConfiguration(
            account: .ibmCloud(
                apiKey: defaults.iamAPIKey, instanceCRN: defaults.instanceCRN, iamURL: baseURL,
                serviceURL: baseURL + "/api/v1"),
            transport: transport)
        configuration.defaultBackend = platformBackend
        if let pollInterval { configuration.pollInterval = pollInterval }
        let service = try await RuntimeService(configuration: configuration)
        return BenchClient(service: service, transport: transport)
    }

    func shutdown() async {
        await service.shutdown()
        await transport.shutdown()
    }

    /// The machine's real-time clock in seconds since 1970 (what the emulator's ISO timestamps
    /// are written from; both processes share it).
    static func wallClockSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// `metrics.timestamps.finished` of a final job, in seconds since 1970.
    static func finishedSeconds(of job: RuntimeJob) async throws -> Double {
        let metrics = try await job.metrics()
        guard let date = metrics.finished else {
            throw BenchFailure("job \(job.jobID): metrics.timestamps.finished missing or unreadable: \(metrics.raw)")
        }
        return date.timeIntervalSince1970
    }
}
