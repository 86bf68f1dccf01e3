import Testing
@testable import QiskitRuntime

@Suite("RuntimeHTTPTransport", .timeLimit(.minutes(1)))
struct RuntimeHTTPTransportTests {
    @Test("a refused connection is an HTTPTransportFailure saying the request was not sent")
    func refused() async throws {
        let transport = RuntimeHTTPTransport()
        defer { transport.shutdown() }
        do {
            _ = try await transport.send(
                HTTPRequest(method: "POST", url: "http://127.0.0.1:1/jobs", body: Array("{}".utf8)), deadline: .now + .seconds(10))
            Issue.record("expected a failure")
        } catch let failure as HTTPTransportFailure {
            #expect(failure.error.code == .connectionFailed)
            #expect(failure.requestMayHaveBeenSent == false)
        }
    }

    @Test("a bad URL is a plain RuntimeError")
    func badURL() async throws {
        let transport = RuntimeHTTPTransport()
        await #expect(throws: RuntimeError.self) {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "ftp://example.com/"), deadline: .now + .seconds(5))
        }
        do {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "example.com/jobs"), deadline: .now + .seconds(5))
            Issue.record("expected invalidURL")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidURL)
        }
    }
}
