import RuntimeWire
import Synchronization
@testable import RuntimeIO

/// A server-side connection whose every write waits until the test releases it: a peer that
/// reads only when told to. Reads return the request bytes given at creation, then wait until
/// the connection is closed. ``writes`` announces each write (its bytes) as it starts.
final class GatedConnection: Connection {
    private struct State {
        var request: [UInt8]?
        var closed = false
        var readWaiter: CheckedContinuation<[UInt8], any Error>?
        var writeWaiter: CheckedContinuation<Void, any Error>?
    }

    private let state: Mutex<State>
    let writes: AsyncStream<[UInt8]>
    private let announce: AsyncStream<[UInt8]>.Continuation

    init(request: [UInt8]) {
        state = Mutex(State(request: request))
        (writes, announce) = AsyncStream.makeStream(of: [UInt8].self)
    }

    func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<[UInt8], any Error>? in
                if state.closed { return .failure(WireError(.connectionClosed, "closed")) }
                if let request = state.request {
                    state.request = nil
                    return .success(request)
                }
                state.readWaiter = continuation
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let closed = state.withLock { state -> Bool in
                if state.closed { return true }
                state.writeWaiter = continuation
                return false
            }
            if closed {
                continuation.resume(throwing: WireError(.connectionClosed, "closed"))
            } else {
                announce.yield(bytes)
            }
        }
    }

    /// Lets the pending write complete.
    func release() {
        state.withLock { state in
            defer { state.writeWaiter = nil }
            return state.writeWaiter
        }?.resume()
    }

    func shutdownOutput() {}

    func close() {
        let (read, write) = state.withLock { state in
            state.closed = true
            defer {
                state.readWaiter = nil
                state.writeWaiter = nil
            }
            return (state.readWaiter, state.writeWaiter)
        }
        read?.resume(throwing: WireError(.connectionClosed, "closed"))
        write?.resume(throwing: WireError(.connectionClosed, "closed"))
        announce.finish()
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}

/// A listener that hands out one prepared connection, then waits until closed.
final class OneConnectionListener: HTTPListening {
    private let state: Mutex<(connection: (any Connection)?, closed: Bool, waiter: CheckedContinuation<any Connection, any Error>?)>
    let port = 1

    init(_ connection: any Connection) {
        state = Mutex((connection, false, nil))
    }

    func accept() async throws -> any Connection {
        try await withCheckedThrowingContinuation { continuation in
            let result = state.withLock { state -> Result<any Connection, any Error>? in
                if state.closed { return .failure(WireError(.shutDown, "closed")) }
                if let connection = state.connection {
                    state.connection = nil
                    return .success(connection)
                }
                state.waiter = continuation
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    func close() {
        state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }?.resume(throwing: WireError(.shutDown, "closed"))
    }
}
