import RuntimeWire
@testable import RuntimeIO

/// A loopback echo server on our own listener: every accepted connection echoes what it reads
/// until end of stream, then closes.
final class EchoServer: Sendable {
    let listener: TCPListener
    private let acceptTask: Task<Void, Never>

    var port: Int { listener.port }

    init(loop: EventLoop = .shared) throws {
        let listener = try TCPListener.bind(loop: loop)
        self.listener = listener
        acceptTask = Task {
            await withTaskGroup(of: Void.self) { group in
                while let connection = try? await listener.accept() {
                    group.addTask { await Self.echo(connection) }
                }
                group.cancelAll()
            }
        }
    }

    private static func echo(_ connection: any Connection) async {
        defer { connection.close() }
        while true {
            guard let bytes = try? await connection.read(maxBytes: 65_536, deadline: nil), !bytes.isEmpty else { return }
            guard (try? await connection.write(bytes, deadline: nil)) != nil else { return }
        }
    }

    func stop() {
        listener.close()
        acceptTask.cancel()
    }
}

/// Reads exactly `count` bytes (or fewer if the stream ends).
func readExactly(_ connection: any Connection, count: Int, deadline: ContinuousClock.Instant? = nil) async throws -> [UInt8] {
    var received: [UInt8] = []
    received.reserveCapacity(count)
    while received.count < count {
        let bytes = try await connection.read(maxBytes: count - received.count, deadline: deadline)
        if bytes.isEmpty { break }
        received += bytes
    }
    return received
}

/// Deterministic pseudo-random bytes.
func patternBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        for index in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            buffer[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        initialized = count
    }
}

func deadline(in duration: Duration) -> ContinuousClock.Instant {
    ContinuousClock.now.advanced(by: duration)
}
