import CRuntimeShims
import RuntimeWire
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import RuntimeIO

@Suite("EventLoop", .timeLimit(.minutes(1)))
struct EventLoopTests {
    @Test("submitted work runs on the loop thread, in order; awaiting code does not")
    func executeOrder() async throws {
        let loop = EventLoop.shared
        let values: [Int] = await withCheckedContinuation { continuation in
            let box = Mutex<[Int]>([])
            for index in 0..<100 {
                loop.execute {
                    let onLoop = loop.isOnLoopThread
                    let count = box.withLock { values in
                        values.append(onLoop ? index : -1)
                        return values.count
                    }
                    if count == 100 { continuation.resume(returning: box.withLock { $0 }) }
                }
            }
        }
        #expect(values == Array(0..<100))
        #expect(!loop.isOnLoopThread)
        #expect(loop.loopThreadID != 0)
    }

    @Test("timers fire in deadline order and not early")
    func timers() async throws {
        let loop = EventLoop.shared
        let start = ContinuousClock.now
        let fired: [(Int, ContinuousClock.Instant)] = await withCheckedContinuation { continuation in
            loop.execute {
                var order: [(Int, ContinuousClock.Instant)] = []
                for (index, offset) in [30, 10, 20].enumerated() {
                    _ = loop.scheduleTimer(at: start.advanced(by: .milliseconds(offset))) {
                        order.append((index, ContinuousClock.now))
                        if order.count == 3 { continuation.resume(returning: order) }
                    }
                }
                let cancelled = loop.scheduleTimer(at: start.advanced(by: .milliseconds(5))) {
                    order.append((99, ContinuousClock.now))
                }
                loop.cancelTimer(cancelled)
            }
        }
        #expect(fired.map(\.0) == [1, 2, 0])
        #expect(fired[0].1 >= start.advanced(by: .milliseconds(10)))
        #expect(fired[2].1 >= start.advanced(by: .milliseconds(30)))
    }

    @Test("closeFromAnyThread closes on the loop, or at once on a shut-down loop")
    func closeFromAnyThread() async throws {
        // The write end is closed by the loop; the read end then sees end-of-file (the write end
        // is close-on-exec, so a peer process spawned by another test keeps no copy of it).
        func endOfFileAfterClose(on loop: EventLoop) async -> Bool {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return false }
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            defer { _ = close(fds[0]) }
            loop.closeFromAnyThread(fd: fds[1])
            // Work runs in submission order, so the close has happened once this hop returns.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if !loop.execute({ continuation.resume() }) { continuation.resume() }
            }
            var byte: UInt8 = 0
            return read(fds[0], &byte, 1) == 0
        }
        let loop = EventLoop()
        #expect(await endOfFileAfterClose(on: loop))
        loop.shutdown()
        #expect(await endOfFileAfterClose(on: loop))
    }

    @Test("shutdown closes every socket, fails pending operations and refuses new ones")
    func shutdown() async throws {
        let loop = EventLoop()
        let listener = try TCPListener.bind(loop: loop)
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, loop: loop, deadline: nil)
        let server = try await accepted
        let pendingRead = Task { try await client.read(maxBytes: 10, deadline: nil).count }
        let pendingAccept = Task { try await listener.accept() is TCPConnection }
        await Task.yield()
        loop.shutdown()
        for result in [await pendingRead.result.map { _ in () }, await pendingAccept.result.map { _ in () }] {
            switch result {
            case .success: Issue.record("an operation survived shutdown")
            case .failure(let error): #expect((error as? WireError)?.code == .shutDown)
            }
        }
        #expect(client.isClosed)
        #expect(server.isClosed)
        #expect(listener.isClosed)
        do {
            _ = try await TCPConnection.connect(host: "127.0.0.1", port: 1, loop: loop, deadline: nil)
            Issue.record("connected on a shut-down loop")
        } catch let error as WireError {
            #expect(error.code == .shutDown)
        }
        #expect(throws: WireError.self) { _ = try TCPListener.bind(loop: loop) }
        #expect(loop.isShutDown)
    }
}

