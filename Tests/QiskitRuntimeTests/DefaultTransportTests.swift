import Testing
@testable import QiskitRuntime
import RuntimeIO

@Suite("The default transport", .timeLimit(.minutes(1)))
struct DefaultTransportTests {
    @Test("a service without a configured transport builds RuntimeHTTPTransport and talks to a real server")
    func defaultTransport() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        var configuration = server.configuration()
        configuration.caFile = "/nonexistent/ca.pem"  // only used for https
        configuration.maximumConnectionsPerHost = 2
        #expect(configuration.transport == nil)
        let service = try await RuntimeService(configuration: configuration)
        let job = try await service.job("j1")
        #expect(job.programID == "hello-world")
        #expect(try await job.status() == .running)
        #expect(server.snapshot.statusReads == 2)
        #expect(server.snapshot.tokens == ["stream-token", "stream-token"])
        await service.shutdown()
        await #expect(throws: RuntimeError.self) { _ = try await job.status() }
    }
}
