import CRuntimeShims
import RuntimeWire
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import RuntimeIO

/// Running out of file descriptors: the listener pauses instead of failing or spinning, the
/// client's connect fails with a typed error, and servers keep a reserve. The descriptors are
/// "exhausted" by test doubles of the system calls: really exhausting them would endanger the
/// whole test process (libdispatch traps when it cannot open `/proc`); the emulator executable's
/// tests do it for real in a child process.
@Suite("Running out of file descriptors", .timeLimit(.minutes(3)))
struct FileDescriptorExhaustionTests {
    /// An accept system call that fails with the given errnos first, recording when it is called.
    final class FailingAccept: Sendable {
        private let state: Mutex<(failures: [Int32], calls: [ContinuousClock.Instant])>

        init(failures: [Int32]) {
            state = Mutex((failures, []))
        }

        var calls: [ContinuousClock.Instant] { state.withLock { $0.calls } }

        func call(_ fd: Int32) -> Int32 {
            let failure = state.withLock { state -> Int32? in
                state.calls.append(.now)
                return state.failures.isEmpty ? nil : state.failures.removeFirst()
            }
            if let failure { return -failure }
            return TCPListener.systemAccept(fd)
        }
    }

    @Test("accept rides out EMFILE and ENFILE: it stops watching for the pause, then accepts")
    func acceptPauses() async throws {
        let pause: Duration = .milliseconds(50)
        let fake = FailingAccept(failures: [EMFILE, ENFILE])
        let listener = try TCPListener.bind(exhaustionPause: pause) { fake.call($0) }
        defer { listener.close() }
        // A client waits in the backlog, so the socket stays readable all along: without the
        // pause, the failing accept would be retried in a tight loop.
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: .now + .seconds(120))
        defer { client.close() }
        let accepted = try await listener.accept()
        defer { accepted.close() }
        try await client.write([42], deadline: .now + .seconds(120))
        #expect(try await accepted.read(maxBytes: 1, deadline: .now + .seconds(120)) == [42])
        #expect(listener.exhaustionPauseCount == 2)
        let calls = fake.calls
        #expect(calls.count == 3)
        // Each retry came at least one pause after the failure before it.
        for index in 1..<calls.count {
            #expect(calls[index] - calls[index - 1] >= pause)
        }
    }

    @Test("an accept error of the connection itself (ECONNABORTED) is skipped at once")
    func acceptSkipsAbortedConnection() async throws {
        let fake = FailingAccept(failures: [ECONNABORTED])
        let listener = try TCPListener.bind(exhaustionPause: .seconds(3600)) { fake.call($0) }
        defer { listener.close() }
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: .now + .seconds(120))
        defer { client.close() }
        let accepted = try await listener.accept()
        accepted.close()
        #expect(listener.exhaustionPauseCount == 0)
    }

    @Test("a connect that finds the process out of descriptors throws connectionFailed naming the cause, once")
    func connectOutOfDescriptors() async throws {
        let attempts = Mutex(0)
        await #expect {
            // localhost resolves to two addresses; out of descriptors, the second is not tried.
            _ = try await TCPConnection.connect(host: "localhost", port: 9, deadline: .now + .seconds(120)) { _, _ in
                attempts.withLock { $0 += 1 }
                return -EMFILE
            }
        } throws: { error in
            guard let error = error as? WireError, error.code == .connectionFailed else { return false }
            return error.message.contains("out of file descriptors") && error.message.contains("ulimit -n")
        }
        #expect(attempts.withLock { $0 } == 1)
    }

    @Test("a server keeps a reserve of descriptors: the connection limit follows the soft limit")
    func connectionCapacity() {
        #expect(FileDescriptorLimit.connectionCapacity(requested: 16_384, limit: 256) == 192)
        #expect(FileDescriptorLimit.connectionCapacity(requested: 16_384, limit: 1_024) == 960)
        #expect(FileDescriptorLimit.connectionCapacity(requested: 16_384, limit: 1_048_576) == 16_384)
        #expect(FileDescriptorLimit.connectionCapacity(requested: 100, limit: 1_024) == 100)
        #expect(FileDescriptorLimit.connectionCapacity(requested: 16_384, limit: 20) == 15)
        #expect(FileDescriptorLimit.connectionCapacity(requested: 16_384, limit: 1) == 1)
        #expect(FileDescriptorLimit.connectionCapacity(requested: 16_384, limit: .max) == 16_384)
        #expect(FileDescriptorLimit.reserve(forLimit: 256) == 64)
        #expect(FileDescriptorLimit.reserve(forLimit: 100) == 25)
    }

    @Test("raising the soft limit reaches the hard limit and is what the server then honours")
    func raise() async throws {
        let raised = FileDescriptorLimit.raiseToHardLimit()
        #expect(raised >= 256)
        #expect(FileDescriptorLimit.current == raised)
        let server = try await HTTPServer.start(maxConnections: .max, handler: HTTPServerTests.echo)
        #expect(server.maxConnections == FileDescriptorLimit.connectionCapacity(requested: .max, limit: raised))
        if raised < .max { #expect(server.maxConnections == raised - FileDescriptorLimit.reserve(forLimit: raised)) }
        await server.shutdown()
    }
}
