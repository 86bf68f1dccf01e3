import RuntimeWire
import Testing
@testable import RuntimeIO

@Suite("TCPListener", .timeLimit(.minutes(1)))
struct TCPListenerTests {
    @Test("binds an ephemeral port on 127.0.0.1")
    func ephemeralPort() throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        #expect(listener.port > 0)
    }

    @Test("binding a used port fails with connectionFailed")
    func portInUse() throws {
        let first = try TCPListener.bind()
        defer { first.close() }
        #expect(throws: WireError.self) { _ = try TCPListener.bind(port: first.port) }
    }

    @Test("a non-numeric host is refused with invalidURL")
    func nonNumericHost() throws {
        do {
            _ = try TCPListener.bind(host: "example.invalid")
            Issue.record("bound a name")
        } catch let error as WireError {
            #expect(error.code == .invalidURL)
        }
    }

    @Test("a pending accept is cancellable")
    func cancelAccept() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        let task = Task { try await listener.accept() }
        await Task.yield()
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        // The listener still works afterwards.
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try await accepted
        client.close()
        server.close()
    }

    @Test("close fails a pending accept with connectionClosed")
    func closeFailsAccept() async throws {
        let listener = try TCPListener.bind()
        async let accepted = listener.accept()
        listener.close()
        do {
            _ = try await accepted
            Issue.record("accepted after close")
        } catch let error as WireError {
            #expect(error.code == .connectionClosed)
        }
        #expect(listener.isClosed)
    }
}
