import Testing
@testable import QiskitRuntime

@Suite("RuntimeHTTPTransport", .timeLimit(.minutes(1)))
struct RuntimeHTTPTransportTests {
    @Test("a refused connection is an HTTPTransportFailure saying the request was not sent")
    func refused() async throws {
        let transport = RuntimeHTTPTransport()
        do {
            _ = try await transport.send(
                RuntimeHTTPRequest(method: "POST", url: "http://127.0.0.1:1/jobs", body: Array("{}".utf8)), deadline: .now + .seconds(10))
            Issue.record("expected a failure")
        } catch let failure as HTTPTransportFailure {
            #expect(failure.error.code == .connectionFailed)
            #expect(failure.requestMayHaveBeenSent == false)
        }
        await transport.shutdown()
    }

    @Test("after shutdown() returns, requests fail with .shutDown; a second shutdown is harmless")
    func shutdownRefusesLaterRequests() async throws {
        let transport = RuntimeHTTPTransport()
        await transport.shutdown()
        await transport.shutdown()
        await #expect(throws: RuntimeError(.shutDown, "the HTTP client was shut down")) {
            _ = try await transport.send(RuntimeHTTPRequest(method: "GET", url: "http://127.0.0.1:1/x"), deadline: .now + .seconds(5))
        }
    }

    @Test("headers are equal by their fields in order and looked up case-insensitively")
    func headers() {
        var headers: RuntimeHTTPHeaders = [("Accept", "application/json")]
        headers.append(name: "X-Access-Token", value: "secret-token")
        #expect(headers["accept"] == "application/json")
        #expect(headers["missing"] == nil)
        #expect(headers == RuntimeHTTPHeaders([("Accept", "application/json"), ("X-Access-Token", "secret-token")]))
        #expect(headers != RuntimeHTTPHeaders([("X-Access-Token", "secret-token"), ("Accept", "application/json")]))
        #expect(Set([headers, headers]).count == 1)
        #expect(!headers.description.contains("secret-token"))
        #expect(RuntimeHTTPRequest(method: "GET", url: "http://h/", headers: headers)
            == RuntimeHTTPRequest(method: "GET", url: "http://h/", headers: headers))
    }

    @Test("a bad URL is a plain RuntimeError")
    func badURL() async throws {
        let transport = RuntimeHTTPTransport()
        await #expect(throws: RuntimeError.self) {
            _ = try await transport.send(RuntimeHTTPRequest(method: "GET", url: "ftp://example.com/"), deadline: .now + .seconds(5))
        }
        do {
            _ = try await transport.send(RuntimeHTTPRequest(method: "GET", url: "example.com/jobs"), deadline: .now + .seconds(5))
            Issue.record("expected invalidURL")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidURL)
        }
    }
}
