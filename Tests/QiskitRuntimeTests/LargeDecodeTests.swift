import Testing
@testable import QiskitRuntime
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Large results and interim results are decoded on the compute pool's threads, never in the
/// caller's task on Swift's cooperative pool; small ones stay in the caller's task.
@Suite("Large decodes off the cooperative pool", .timeLimit(.minutes(1)))
struct LargeDecodeTests {
    /// A decoder that records the name of the thread it ran on (`/proc/thread-self/comm`).
    struct ThreadRecorder: ResultDecoder {
        final class Names: Sendable {
            let list = Mutex<[String]>([])
        }

        let names = Names()

        func decode(_ text: String) throws -> Int {
            names.list.withLock { $0.append(Self.currentThreadName()) }
            return text.utf8.count
        }

        static func currentThreadName() -> String {
            #if canImport(Glibc)
            let fd = open("/proc/thread-self/comm", O_RDONLY)
            guard fd >= 0 else { return "?" }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return "?" }
            return String(decoding: buffer.prefix(count).filter { $0 != 0x0A }, as: UTF8.self)
            #else
            return "?"
            #endif
        }
    }

    @Test("a result of 256 KiB or more is decoded on a compute thread, a small one in the caller's task")
    func resultOffPool() async throws {
        let transport = ScriptedTransport()
        let service = try await Fixtures.service(transport)
        let large = "\"" + String(repeating: "x", count: RuntimeJob.offPoolDecodeBytes) + "\""
        Fixtures.statuses(transport, "big", "Completed")
        transport.on("GET", "/jobs/big/results", .response(RuntimeHTTPResponse(status: 200, body: Array(large.utf8))))
        Fixtures.statuses(transport, "small", "Completed")
        transport.on("GET", "/jobs/small/results", json: "\"All done!\"")
        let recorder = ThreadRecorder()
        #expect(try await service.job("big").result(decoder: recorder) == large.utf8.count)
        #expect(try await service.job("small").result(decoder: recorder) == 11)
        let names = recorder.names.list.withLock { $0 }
        #expect(names.count == 2)
        #expect(names.first == "runtime-compute")
        #expect(names.last != "runtime-compute")
        // The default decoder gives the same value whichever way it goes.
        #expect(try await service.job("big").result().stringValue?.utf8.count == RuntimeJob.offPoolDecodeBytes)
    }

    @Test("a large interim result is decoded on a compute thread too")
    func interimOffPool() async throws {
        let server = try await ScriptedStreamServer.start(jobID: "j1")
        defer { Task { await server.shutdown() } }
        let large = "\"" + String(repeating: "y", count: RuntimeJob.offPoolDecodeBytes) + "\""
        server.onConnections { socket in
            try? await socket.ack()
            try? await socket.publish("1")
            try? await socket.publish(large)
            await socket.close(1000)
        }
        let job = try await server.service().job("j1")
        let recorder = ThreadRecorder()
        var sizes: [Int] = []
        for try await size in job.interimResults(decoder: recorder) { sizes.append(size) }
        #expect(sizes == [1, large.utf8.count])
        let names = recorder.names.list.withLock { $0 }
        #expect(names.last == "runtime-compute")
        #expect(names.first != "runtime-compute")
    }
}
