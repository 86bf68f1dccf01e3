import CRuntimeShims
import RuntimeWire
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import RuntimeIO

@Suite("TCPConnection", .timeLimit(.minutes(1)))
struct TCPConnectionTests {
    @Test("echo over loopback through our listener")
    func echo() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await ConnectionFactory.connect(
            host: "127.0.0.1", port: server.port, tls: false, configuration: .init(), deadline: deadline(in: .seconds(30)))
        defer { connection.close() }
        #expect(connection is TCPConnection)
        let message = Array("hello, loop".utf8)
        try await connection.write(message, deadline: nil)
        let echoed = try await readExactly(connection, count: message.count)
        #expect(echoed == message)
    }

    @Test("a TCP connection hands over bytes the kernel holds straight into the caller's buffer")
    func directReadable() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection: any Connection = try await ConnectionFactory.connect(
            host: "127.0.0.1", port: server.port, tls: false, configuration: .init(), deadline: deadline(in: .seconds(30)))
        defer { connection.close() }
        let direct = try #require(connection as? any DirectReadable)
        try await connection.write([7, 8, 9], deadline: nil)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16)
        while received.count < 3 {
            let count = try buffer.withUnsafeMutableBytes { try direct.readAvailable(into: $0) }
            if let count {
                #expect(count > 0)
                received += buffer.prefix(count)
            } else {
                await Task.yield()
            }
        }
        #expect(received == [7, 8, 9])
    }

    @Test("localhost and ::1 resolve without DNS")
    func localhost() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "localhost", port: server.port, deadline: deadline(in: .seconds(30)))
        defer { connection.close() }
        try await connection.write([1, 2, 3], deadline: nil)
        #expect(try await readExactly(connection, count: 3) == [1, 2, 3])
    }

    @Test("names under localhost (RFC 6761 §6.3) resolve to loopback without DNS; other names are not taken for it")
    func localhostNames() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        for host in ["emulator.localhost", "A.B.LOCALHOST", "localhost.", "x.localhost."] {
            #expect(AddressResolver.isLocalhostName(host))
            let connection = try await TCPConnection.connect(host: host, port: server.port, deadline: deadline(in: .seconds(30)))
            defer { connection.close() }
            try await connection.write([4, 5], deadline: nil)
            #expect(try await readExactly(connection, count: 2) == [4, 5])
        }
        for host in ["localhost.example", "notlocalhost", "localhost.evil.test", "xlocalhost"] {
            #expect(!AddressResolver.isLocalhostName(host))
        }
    }

    @Test("multi-megabyte payloads survive partial writes intact")
    func largePayload() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: nil)
        defer { connection.close() }
        let payload = patternBytes(8 * 1024 * 1024)
        async let written: Void = connection.write(payload, deadline: deadline(in: .seconds(50)))
        let echoed = try await readExactly(connection, count: payload.count)
        try await written
        #expect(echoed.count == payload.count)
        #expect(echoed == payload)
    }

    @Test("concurrent writes are queued and sent whole, in submission order")
    func concurrentWrites() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: nil)
        defer { connection.close() }
        let blocks = (0..<8).map { [UInt8](repeating: UInt8($0), count: 512 * 1024) }
        let reader = Task { try await readExactly(connection, count: blocks.count * 512 * 1024) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for block in blocks {
                group.addTask { try await connection.write(block, deadline: deadline(in: .seconds(50))) }
            }
            try await group.waitForAll()
        }
        let echoed = try await reader.value
        #expect(echoed.count == blocks.count * 512 * 1024)
        // Each 512 KB block arrives contiguous (writes never interleave).
        var blockStarts: [UInt8] = []
        for start in stride(from: 0, to: echoed.count, by: 512 * 1024) {
            let block = echoed[start..<start + 512 * 1024]
            #expect(block.allSatisfy { $0 == block.first })
            blockStarts.append(block.first ?? 255)
        }
        #expect(Set(blockStarts).count == blocks.count)
    }

    @Test("a peer that stops reading makes the writer wait: back-pressure, not buffering")
    func backPressure() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try await accepted
        defer { client.close(); server.close() }
        // The server never reads. 64 MB cannot fit in the socket buffers, so the write must
        // still be pending when its deadline passes.
        let payload = [UInt8](repeating: 7, count: 64 * 1024 * 1024)
        await #expect(throws: WireError.self) {
            try await client.write(payload, deadline: deadline(in: .milliseconds(300)))
        }
        // A partly sent write that times out leaves a corrupt stream, so the connection closed.
        #expect(client.isClosed)
    }

    @Test("a write deadline reports timedOut")
    func writeDeadlineCode() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try await accepted
        defer { client.close(); server.close() }
        do {
            try await client.write([UInt8](repeating: 1, count: 64 * 1024 * 1024), deadline: deadline(in: .milliseconds(200)))
            Issue.record("the write finished although nobody reads")
        } catch let error as WireError {
            #expect(error.code == .timedOut)
        }
    }

    @Test("nothing is read from the socket while no read is pending")
    func noReadWithoutReader() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try await accepted
        defer { client.close(); server.close() }
        // The server writes while the client never reads: the server's write stalls.
        do {
            try await server.write([UInt8](repeating: 3, count: 64 * 1024 * 1024), deadline: deadline(in: .milliseconds(300)))
            Issue.record("the client buffered 64 MB it was never asked to read")
        } catch let error as WireError {
            #expect(error.code == .timedOut)
        }
    }

    @Test("a read deadline gives timedOut and leaves the connection usable")
    func readDeadline() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: nil)
        defer { connection.close() }
        let start = ContinuousClock.now
        do {
            _ = try await connection.read(maxBytes: 10, deadline: deadline(in: .milliseconds(100)))
            Issue.record("read returned without data")
        } catch let error as WireError {
            #expect(error.code == .timedOut)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(100))
        #expect(elapsed < .seconds(45))
        try await connection.write([42], deadline: nil)
        #expect(try await readExactly(connection, count: 1) == [42])
    }

    @Test("cancelling a pending read throws CancellationError promptly")
    func cancelRead() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: nil)
        defer { connection.close() }
        let reader = Task { try await connection.read(maxBytes: 100, deadline: nil) }
        // Let the read reach the loop; correctness does not depend on it (cancel-before-register is handled).
        await Task.yield()
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
        // No byte was consumed: the connection still works.
        try await connection.write([9, 8], deadline: nil)
        #expect(try await readExactly(connection, count: 2) == [9, 8])
    }

    @Test("a read started in a cancelled task fails at once")
    func cancelledBeforeRead() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: nil)
        defer { connection.close() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await connection.read(maxBytes: 10, deadline: nil)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("end of stream reads as an empty array, then stays at end")
    func endOfStream() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try await accepted
        defer { client.close() }
        try await server.write([1], deadline: nil)
        server.shutdownOutput()
        #expect(try await client.read(maxBytes: 10, deadline: deadline(in: .seconds(30))) == [1])
        #expect(try await client.read(maxBytes: 10, deadline: deadline(in: .seconds(30))) == [])
        #expect(try await client.read(maxBytes: 10, deadline: deadline(in: .seconds(30))) == [])
        server.close()
    }

    @Test("a peer reset fails the pending read with connectionClosed")
    func peerReset() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try #require(try await accepted as? TCPConnection)
        defer { client.close() }
        async let read = client.read(maxBytes: 10, deadline: deadline(in: .seconds(30)))
        server.resetOnClose()
        server.close()
        do {
            let bytes = try await read
            Issue.record("read returned \(bytes) after a reset")
        } catch let error as WireError {
            #expect(error.code == .connectionClosed)
        }
        #expect(client.isClosed)
    }

    @Test("writing to a closed peer fails with connectionClosed, without SIGPIPE")
    func writeAfterPeerClose() async throws {
        let listener = try TCPListener.bind()
        defer { listener.close() }
        async let accepted = listener.accept()
        let client = try await TCPConnection.connect(host: "127.0.0.1", port: listener.port, deadline: nil)
        let server = try await accepted
        defer { client.close() }
        server.close()
        #expect(try await client.read(maxBytes: 1, deadline: deadline(in: .seconds(30))) == [])
        await #expect(throws: WireError.self) {
            for _ in 0..<100 { try await client.write([UInt8](repeating: 0, count: 65_536), deadline: deadline(in: .seconds(30))) }
        }
    }

    @Test("close is idempotent and fails pending and later operations with connectionClosed")
    func closeBehaviour() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: nil)
        async let pending = connection.read(maxBytes: 10, deadline: nil)
        connection.close()
        connection.close()
        #expect(connection.isClosed)
        do {
            _ = try await pending
            Issue.record("the pending read survived close")
        } catch let error as WireError {
            #expect(error.code == .connectionClosed)
        }
        do {
            try await connection.write([1], deadline: nil)
            Issue.record("a write after close succeeded")
        } catch let error as WireError {
            #expect(error.code == .connectionClosed)
        }
    }

    @Test("connecting to a closed port fails with connectionFailed")
    func refused() async throws {
        // A socket that is bound but not listening keeps the port reserved (no other test can
        // take it) and refuses connections.
        let reserved = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(reserved >= 0)
        defer { _ = Glibc.close(reserved) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(reserved, raw, length) == 0 && getsockname(reserved, raw, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        do {
            _ = try await TCPConnection.connect(host: "127.0.0.1", port: port, deadline: deadline(in: .seconds(30)))
            Issue.record("connected to a closed port")
        } catch let error as WireError {
            #expect(error.code == .connectionFailed)
        }
    }

    @Test("a passed connect deadline gives timedOut; a bad port gives invalidURL")
    func connectErrors() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        await #expect(throws: WireError(.invalidURL, "port 0 is out of range")) {
            _ = try await TCPConnection.connect(host: "127.0.0.1", port: 0, deadline: nil)
        }
        do {
            let connection = try await TCPConnection.connect(
                host: "127.0.0.1", port: server.port, deadline: ContinuousClock.now.advanced(by: .seconds(-1)))
            // Loopback connects can complete synchronously; then the deadline is irrelevant.
            connection.close()
        } catch let error as WireError {
            #expect(error.code == .timedOut)
        }
    }

    @Test("many concurrent connections are all served by the one loop")
    func manyConnections() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let count = 200
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    let connection = try await TCPConnection.connect(host: "127.0.0.1", port: server.port, deadline: deadline(in: .seconds(45)))
                    defer { connection.close() }
                    let message = Array("connection \(index)".utf8)
                    try await connection.write(message, deadline: deadline(in: .seconds(45)))
                    return try await readExactly(connection, count: message.count, deadline: deadline(in: .seconds(45))) == message
                }
            }
            var results: [Bool] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(results.count == count)
        #expect(results.allSatisfy { $0 })
    }
}
