import RuntimeWire
import Synchronization
@testable import RuntimeIO

/// An in-memory ``Connection``: one end of a pair made by ``pair()``.
final class MemoryConnection: Connection {
    private let inbound: MemoryPipe
    private let outbound: MemoryPipe
    private let closed = Atomic<Bool>(false)

    private init(inbound: MemoryPipe, outbound: MemoryPipe) {
        self.inbound = inbound
        self.outbound = outbound
    }

    static func pair() -> (MemoryConnection, MemoryConnection) {
        let a = MemoryPipe()
        let b = MemoryPipe()
        return (MemoryConnection(inbound: a, outbound: b), MemoryConnection(inbound: b, outbound: a))
    }

    func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        try Task.checkCancellation()
        return try await inbound.read(maxBytes: maxBytes, deadline: deadline)
    }

    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        try Task.checkCancellation()
        guard !isClosed else { throw RuntimeError(.connectionClosed, "closed") }
        try outbound.write(bytes)
    }

    func shutdownOutput() { outbound.finish() }

    func close() {
        closed.store(true, ordering: .releasing)
        inbound.closeReader()
        outbound.finish()
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }
}
