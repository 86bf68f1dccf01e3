import RuntimeWire
import Synchronization
@testable import RuntimeIO

/// An in-memory ``Connection``: one end of a pair made by ``pair()``.
final class HTTPMemoryConnection: Connection {
    private let inbound: HTTPMemoryPipe
    private let outbound: HTTPMemoryPipe
    private let closed = Atomic<Bool>(false)

    private init(inbound: HTTPMemoryPipe, outbound: HTTPMemoryPipe) {
        self.inbound = inbound
        self.outbound = outbound
    }

    static func pair() -> (HTTPMemoryConnection, HTTPMemoryConnection) {
        let a = HTTPMemoryPipe()
        let b = HTTPMemoryPipe()
        return (HTTPMemoryConnection(inbound: a, outbound: b), HTTPMemoryConnection(inbound: b, outbound: a))
    }

    func read(maxBytes: Int, deadline: ContinuousClock.Instant?) async throws -> [UInt8] {
        try Task.checkCancellation()
        return try await inbound.read(maxBytes: maxBytes, deadline: deadline)
    }

    func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant?) async throws {
        try Task.checkCancellation()
        guard !isClosed else { throw WireError(.connectionClosed, "closed") }
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
