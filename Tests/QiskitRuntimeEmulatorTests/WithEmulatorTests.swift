#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntimeEmulator
import Testing

/// `withEmulator` shuts the emulator down however its body ends: returned, thrown, cancelled.
@Suite("withEmulator", .timeLimit(.minutes(1)))
struct WithEmulatorTests {
    struct BodyFailed: Error, Equatable {}

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted (a plain blocking connect:
    /// loopback answers at once, with a connection or a refusal).
    static func accepts(port: Int) -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    @Test("a body that returns: its value comes back and the port is closed")
    func returns() async throws {
        let (port, servedDuringBody) = try await withEmulator { emulator in
            (emulator.port, Self.accepts(port: emulator.port))
        }
        #expect(servedDuringBody)
        #expect(!Self.accepts(port: port))
    }

    @Test("a body that throws: its error comes back and the port is closed")
    func throwing() async throws {
        var port = 0
        var servedDuringBody = false
        await #expect(throws: BodyFailed.self) {
            try await withEmulator { emulator in
                port = emulator.port
                servedDuringBody = Self.accepts(port: emulator.port)
                throw BodyFailed()
            }
        }
        #expect(port != 0)
        #expect(servedDuringBody)
        #expect(!Self.accepts(port: port))
    }

    @Test("a cancelled body: CancellationError comes back and the port is closed")
    func cancelled() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await withEmulator { emulator in
                continuation.yield(emulator.port)
                // Suspended until cancelled: no deadline to race with.
                try await Task.sleep(for: .seconds(3600))
            }
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(Self.accepts(port: port))
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(!Self.accepts(port: port))
    }

    @Test("the body runs on the caller's actor and may use its state")
    @MainActor
    func isolation() async throws {
        var visits = 0
        try await withEmulator { _ in
            MainActor.assertIsolated()
            visits += 1
        }
        #expect(visits == 1)
    }
}
