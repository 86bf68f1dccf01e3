@testable import QiskitRuntime

/// Builds services over a scripted transport.
enum Fixtures {
    static let runtimeURL = "https://runtime.test"

    static func configuration(
        _ transport: ScriptedTransport, clock: ManualClock = ManualClock(), token: String = "access-token-1",
        retry: RetryPolicy = RetryPolicy(jitter: 0)
    ) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(
            account: .accessToken(token, runtimeURL: runtimeURL),
            instance: .init(hub: "h1", group: "g1", project: "p1"), transport: transport)
        configuration.clock = clock
        configuration.retryPolicy = retry
        configuration.random = { 0.5 }
        // A scripted transport has no websocket: these tests exercise status polling.
        configuration.completionMode = .polling
        return configuration
    }

    static func service(
        _ transport: ScriptedTransport, clock: ManualClock = ManualClock(), token: String = "access-token-1"
    ) async throws -> RuntimeService {
        try await RuntimeService(configuration: configuration(transport, clock: clock, token: token))
    }

    static func jobJSON(_ id: String, status: String, created: String = "2022-01-24T15:53:38.68766Z") -> String {
        """
        {"id": "\(id)", "hub": "h1", "group": "g1", "project": "p1", "backend": "ibmq_qasm_simulator", \
        "status": "\(status)", "params": {"iterations": 3}, "program": {"id": "hello-world"}, "created": "\(created)"}
        """
    }

    /// Scripts `GET /jobs/{id}` with these statuses in turn (the last repeats).
    static func statuses(_ transport: ScriptedTransport, _ id: String, _ statuses: String...) {
        transport.on("GET", "/jobs/\(id)", replies: statuses.map {
            .response(RuntimeHTTPResponse(status: 200, body: Array(jobJSON(id, status: $0).utf8)))
        })
    }
}

