import RuntimeWire
import Synchronization
@testable import RuntimeIO

/// One direction of an in-memory byte stream, honouring deadlines and task cancellation.
final class HTTPMemoryPipe: Sendable {
    private struct Waiter {
        var id: UInt64
        var maxBytes: Int
        var continuation: CheckedContinuation<[UInt8], any Error>
    }

    private struct State {
        var buffer: [UInt8] = []
        var finished = false
        var readerClosed = false
        var waiter: Waiter?
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    func write(_ bytes: [UInt8]) throws {
        let resume = try state.withLock { state -> (Waiter, [UInt8])? in
            guard !state.readerClosed else { throw WireError(.connectionClosed, "broken pipe") }
            guard !state.finished else { throw WireError(.connectionClosed, "output shut down") }
            state.buffer += bytes
            guard let waiter = state.waiter, !state.buffer.isEmpty else { return nil }
            state.waiter = nil
            let count = min(waiter.maxBytes, state.buffer.count)
            let chunk = Array(state.buffer.prefix(count))
            state.buffer.removeFirst(count)
            return (waiter, chunk)
        }
        if let (waiter, chunk) = resume { waiter.continuation.resume(returning: chunk) }
    }

    /// End of stream after the buffered bytes.
    func finish() {
        let waiter = state.withLock { state -> Waiter? in
            state.finished = true
            guard state.buffer.isEmpty else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: [])
    }

    /// The reading side closed: pending and later reads fail, writes fail.
    func closeReader() {
        let waiter = state.withLock { state -> Waiter? in
            state.readerClosed = true
            state.buffer = []
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(throwing: WireError(.connectionClosed, "closed"))
    }

    func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                guard !Task.isCancelled else { return }
                self?.fail(id, WireError(.timedOut, "read deadline"))
            }
        }
        defer { timer?.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let result = state.withLock { state -> Result<[UInt8], any Error>? in
                    if state.readerClosed { return .failure(WireError(.connectionClosed, "closed")) }
                    if !state.buffer.isEmpty {
                        let count = min(maxBytes, state.buffer.count)
                        let chunk = Array(state.buffer.prefix(count))
                        state.buffer.removeFirst(count)
                        return .success(chunk)
                    }
                    if state.finished { return .success([]) }
                    state.waiter = Waiter(id: id, maxBytes: maxBytes, continuation: continuation)
                    return nil
                }
                if let result {
                    continuation.resume(with: result)
                } else if Task.isCancelled {
                    fail(id, CancellationError())
                }
            }
        } onCancel: {
            fail(id, CancellationError())
        }
    }

    private func fail(_ id: UInt64, _ error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume(throwing: error)
    }
}
