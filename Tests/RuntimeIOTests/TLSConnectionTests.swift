import Foundation
import RuntimeWire
import Testing
@testable import RuntimeIO

@Suite("TLSConnection", .timeLimit(.minutes(1)), .enabled("python3 and openssl are needed for the TLS peers") { await TLSPeers.enabled() })
struct TLSConnectionTests {
    let fixture: TLSFixture
    var directory: URL { fixture.directory }
    var certificate: String { fixture.certificate }
    var server: PythonPeer { fixture.server }

    init() async throws {
        fixture = try await TLSFixture.get()
    }

    private func connect(_ configuration: TransportConfiguration, loop: EventLoop = .shared) async throws -> any Connection {
        try await ConnectionFactory.connect(
            host: "127.0.0.1", port: server.port, tls: true, configuration: configuration, loop: loop,
            deadline: deadline(in: .seconds(40)))
    }

    @Test("a certificate trusted through caFile gives a working TLS connection")
    func trustedByCAFile() async throws {
        let connection = try await connect(.init(caFile: certificate))
        defer { connection.close() }
        #expect(connection is TLSConnection)
        let message = Array("over TLS".utf8)
        try await connection.write(message, deadline: deadline(in: .seconds(40)))
        #expect(try await readExactly(connection, count: message.count, deadline: deadline(in: .seconds(40))) == message)
    }

    @Test("a certificate trusted through caPath works too")
    func trustedByCAPath() async throws {
        let connection = try await connect(.init(caPath: fixture.caPath))
        defer { connection.close() }
        try await connection.write([1, 2, 3], deadline: deadline(in: .seconds(40)))
        #expect(try await readExactly(connection, count: 3, deadline: deadline(in: .seconds(40))) == [1, 2, 3])
    }

    @Test("an untrusted certificate fails with tlsFailed")
    func untrusted() async throws {
        do {
            let connection = try await connect(.init())
            connection.close()
            Issue.record("connected to a self-signed server without trusting it")
        } catch let error as WireError {
            #expect(error.code == .tlsFailed, "\(error)")
        }
    }

    @Test("multi-megabyte payloads round-trip through curl_easy_send/recv")
    func largePayload() async throws {
        let connection = try await connect(.init(caFile: certificate))
        defer { connection.close() }
        let payload = patternBytes(4 * 1024 * 1024)
        async let written: Void = connection.write(payload, deadline: deadline(in: .seconds(50)))
        let echoed = try await readExactly(connection, count: payload.count, deadline: deadline(in: .seconds(50)))
        try await written
        #expect(echoed == payload)
    }

    @Test("small reads get the bytes that sit decrypted inside curl while the socket is quiet")
    func smallReadsDrainCurl() async throws {
        let connection = try await connect(.init(caFile: certificate))
        defer { connection.close() }
        let payload = patternBytes(64 * 1024, seed: 7)
        try await connection.write(payload, deadline: deadline(in: .seconds(40)))
        var received: [UInt8] = []
        while received.count < payload.count {
            // 700 bytes at a time: most of each 16 KB TLS record stays buffered in curl/OpenSSL.
            let bytes = try await connection.read(maxBytes: 700, deadline: deadline(in: .seconds(40)))
            if bytes.isEmpty { break }
            #expect(bytes.count <= 700)
            received += bytes
        }
        #expect(received == payload)
    }

    @Test("cancelling a pending TLS read throws CancellationError and keeps the connection usable")
    func cancelRead() async throws {
        let connection = try await connect(.init(caFile: certificate))
        defer { connection.close() }
        let reader = Task { try await connection.read(maxBytes: 100, deadline: nil) }
        await Task.yield()
        reader.cancel()
        await #expect(throws: CancellationError.self) { _ = try await reader.value }
        try await connection.write([5], deadline: deadline(in: .seconds(40)))
        #expect(try await readExactly(connection, count: 1, deadline: deadline(in: .seconds(40))) == [5])
    }

    @Test("a TLS read deadline gives timedOut")
    func readDeadline() async throws {
        let connection = try await connect(.init(caFile: certificate))
        defer { connection.close() }
        do {
            _ = try await connection.read(maxBytes: 10, deadline: deadline(in: .milliseconds(100)))
            Issue.record("read returned without data")
        } catch let error as WireError {
            #expect(error.code == .timedOut)
        }
    }

    @Test("an explicit HTTP proxy is used for TLS (CONNECT)")
    func proxyTLS() async throws {
        let proxy = try await PythonPeer.start(script: TLSPeers.connectProxy, in: directory)
        defer { proxy.stop() }
        let connection = try await connect(.init(caFile: certificate, proxy: "http://127.0.0.1:\(proxy.port)"))
        defer { connection.close() }
        #expect(await proxy.nextLine() == "CONNECT 127.0.0.1:\(server.port) HTTP/1.1")
        try await connection.write([1, 2], deadline: deadline(in: .seconds(40)))
        #expect(try await readExactly(connection, count: 2, deadline: deadline(in: .seconds(40))) == [1, 2])
    }

    @Test("plain TCP through a configured proxy tunnels with CONNECT")
    func proxyPlain() async throws {
        let proxy = try await PythonPeer.start(script: TLSPeers.connectProxy, in: directory)
        defer { proxy.stop() }
        let echo = try EchoServer()
        defer { echo.stop() }
        let connection = try await ConnectionFactory.connect(
            host: "127.0.0.1", port: echo.port, tls: false, configuration: .init(proxy: "http://127.0.0.1:\(proxy.port)"),
            deadline: deadline(in: .seconds(40)))
        defer { connection.close() }
        #expect((connection as? TLSConnection)?.isTLS == false)
        #expect(await proxy.nextLine() == "CONNECT 127.0.0.1:\(echo.port) HTTP/1.1")
        try await connection.write(Array("tunnel".utf8), deadline: deadline(in: .seconds(40)))
        #expect(try await readExactly(connection, count: 6, deadline: deadline(in: .seconds(40))) == Array("tunnel".utf8))
    }

    @Test("an unreachable proxy fails with connectionFailed")
    func deadProxy() async throws {
        let listener = try TCPListener.bind()
        let port = listener.port
        listener.close()
        do {
            let connection = try await connect(.init(caFile: certificate, proxy: "http://127.0.0.1:\(port)"))
            connection.close()
            Issue.record("connected through a proxy that is not there")
        } catch let error as WireError {
            #expect(error.code == .connectionFailed, "\(error)")
        }
    }

    @Test("shutting down the loop closes TLS connections and fails their reads")
    func shutdown() async throws {
        let loop = EventLoop()
        let connection = try await connect(.init(caFile: certificate), loop: loop)
        let reader = Task { try await connection.read(maxBytes: 10, deadline: nil) }
        await Task.yield()
        loop.shutdown()
        do {
            _ = try await reader.value
            Issue.record("read survived shutdown")
        } catch let error as WireError {
            #expect(error.code == .shutDown)
        }
        #expect(connection.isClosed)
    }
}
