import RuntimeIO
import RuntimeWire
import QiskitRuntime
import Testing
@testable import QiskitRuntimeEmulator

/// Credentials worth the name, and idle peers that cannot lock clients out.
@Suite("Emulator against hostile peers", .timeLimit(.minutes(3)))
struct EmulatorHostilePeerTests {
    func loginToken(_ service: EmulatorService) -> String? {
        service.login(apiToken: service.configuration.apiToken)
    }

    @Test("issued tokens come from the system's secure generator unless a seed makes runs reproducible")
    func unpredictableTokens() throws {
        let a = EmulatorService(configuration: EmulatorConfiguration(apiToken: "k", clock: .manual()))
        let b = EmulatorService(configuration: EmulatorConfiguration(apiToken: "k", clock: .manual()))
        let tokenA = try #require(loginToken(a))
        let tokenB = try #require(loginToken(b))
        #expect(tokenA != tokenB)
        #expect(tokenA.utf8.count == 64 && tokenA.allSatisfy(\.isHexDigit))
        #expect(loginToken(a) != tokenA)
        let iamA = try #require(a.issueIAMToken(apiKey: a.configuration.iamAPIKey))
        let iamB = try #require(b.issueIAMToken(apiKey: b.configuration.iamAPIKey))
        #expect(iamA.accessToken != iamB.accessToken)

        let seeded1 = EmulatorService(configuration: EmulatorConfiguration(apiToken: "k", clock: .manual(), seed: 7))
        let seeded2 = EmulatorService(configuration: EmulatorConfiguration(apiToken: "k", clock: .manual(), seed: 7))
        #expect(loginToken(seeded1) == loginToken(seeded2))
        #expect(seeded1.issueIAMToken(apiKey: seeded1.configuration.iamAPIKey)?.accessToken
            == seeded2.issueIAMToken(apiKey: seeded2.configuration.iamAPIKey)?.accessToken)
    }

    @Test("secrets are 64 hexadecimal digits, fresh every time")
    func secrets() {
        let secrets = (0..<100).map { _ in EmulatorConfiguration.makeSecret() }
        #expect(Set(secrets).count == 100)
        #expect(secrets.allSatisfy { $0.utf8.count == 64 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test("loopback addresses", arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("LocalHost", true), ("::1", true), ("[::1]", true),
        ("::ffff:127.0.0.1", true), ("0.0.0.0", false), ("::", false), ("10.0.0.1", false), ("192.168.1.7", false),
        ("::ffff:10.0.0.1", false), ("example.com", false), ("", false),
    ])
    func loopback(host: String, expected: Bool) {
        #expect(Emulator.isLoopback(host: host) == expected)
    }

    @Test("Emulator.start refuses an address that is not loopback while a credential is the public default")
    func publicDefaultsStayOnLoopback() async throws {
        for configuration in [
            EmulatorConfiguration(),
            EmulatorConfiguration(apiToken: EmulatorConfiguration.makeSecret()),
            EmulatorConfiguration(iamAPIKey: EmulatorConfiguration.makeSecret()),
        ] {
            await #expect {
                _ = try await Emulator.start(configuration: configuration, host: "0.0.0.0")
            } throws: { error in
                (error as? RuntimeError)?.code == .invalidConfiguration
                    && (error as? RuntimeError)?.message.contains("not a loopback address") == true
            }
        }
    }

    @Test("idle connections at maxConnections are closed after the head timeout; a client then gets in")
    func idleConnectionsCannotLockOut() async throws {
        var limits = EmulatorLimits()
        limits.requestHeadTimeout = .milliseconds(300)
        let emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            accessTokens: ["t"], clock: .manual(), maxConnections: 4, limits: limits))
        #expect(emulator.maxConnections == 4)
        let deadline = ContinuousClock.now + .seconds(120)
        var idle: [TCPConnection] = []
        for _ in 0..<4 { idle.append(try await TCPConnection.connect(host: "127.0.0.1", port: emulator.port, deadline: deadline)) }
        let client = HTTPClient()
        let version = try await client.execute(HTTPClientRequest(method: "GET", url: emulator.authURL + "/version"), deadline: deadline)
        #expect(version.status == 200)
        for connection in idle {
            // The server closed it: end of stream (or a reset).
            let bytes = try? await connection.read(maxBytes: 1, deadline: deadline)
            #expect(bytes == nil || bytes == [])
            connection.close()
        }
        client.shutdown()
        await emulator.shutdown()
    }
}
