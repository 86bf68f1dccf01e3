import Foundation
import RuntimeIO
import RuntimeWire
import Testing

/// The `qiskit-runtime-emulator` process under abuse: a random token printed after the URL,
/// remote binding only with a token of one's own, and file-descriptor exhaustion.
@Suite("qiskit-runtime-emulator executable against hostile peers", .timeLimit(.minutes(3)))
struct EmulatorExecutableHardeningTests {
    /// Logs in with `token`; returns the status.
    func login(_ client: HTTPClient, _ base: String, _ token: String, deadline: ContinuousClock.Instant) async throws -> Int {
        let body = JSONWriter.writeBytes(.object([JSONMember("apiToken", .string(token))]), style: .compact)
        return try await client.execute(
            HTTPClientRequest(method: "POST", url: base + "/api/users/loginWithToken", body: body), deadline: deadline).status
    }

    /// The printed token (line 2: `token: <token>`).
    func token(_ child: EmulatorProcess) async throws -> String {
        let line = try #require(await child.nextLine())
        #expect(line.hasPrefix("token: "))
        return String(line.dropFirst("token: ".count))
    }

    @Test("without --token: a random token is printed right after the URL; the public default is refused")
    func randomToken() async throws {
        guard let executable = CommandLineTests.executableOrNotice() else { return }
        let first = try EmulatorProcess(executable, arguments: [])
        defer { first.send(SIGKILL) }
        let second = try EmulatorProcess(executable, arguments: [])
        defer { second.send(SIGKILL) }
        let base = try #require(await first.firstLine())
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let token = try await token(first)
        #expect(token.utf8.count == 64 && token.allSatisfy(\.isHexDigit))
        _ = await second.firstLine()
        #expect(try await self.token(second) != token)

        let client = HTTPClient()
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(120)
        #expect(try await login(client, base, token, deadline: deadline) == 200)
        #expect(try await login(client, base, "emulator-api-token", deadline: deadline) == 401)
        first.send(SIGTERM)
        #expect(await first.exitStatus() == 0)
        // --token is what it prints.
        let given = try EmulatorProcess(executable, arguments: ["--token", "my-token"])
        defer { given.send(SIGKILL) }
        _ = await given.firstLine()
        #expect(try await self.token(given) == "my-token")
    }

    @Test("an address that is not loopback without --token is refused: exit 2, a clear message, nothing bound")
    func remoteNeedsToken() async throws {
        guard let executable = CommandLineTests.executableOrNotice() else { return }
        for host in ["0.0.0.0", "::"] {
            let child = try EmulatorProcess(executable, arguments: ["--host", host, "--port", "0"])
            #expect(await child.exitStatus() == 2)
            #expect(await child.firstLine() == nil)
            let message = await child.stderrText()
            #expect(message.contains("--host \(host) is not a loopback address"))
            #expect(message.contains("--token"))
        }
    }

    /// `qiskit-runtime-emulator ARGUMENTS` under a shell with the open-file limit set.
    func spawnLimited(_ executable: String, ulimit: String, _ arguments: [String]) throws -> EmulatorProcess {
        try EmulatorProcess("/bin/sh", arguments: ["-c", ulimit + " && exec \"$0\" \"$@\"", executable] + arguments)
    }

    @Test("under a low open-file limit, twice that many idle connections neither crash it nor lock clients out")
    func descriptorExhaustion() async throws {
        guard let executable = CommandLineTests.executableOrNotice() else { return }
        // Hard limit 128, soft 64: the emulator raises the soft limit to 128 and keeps a reserve.
        let child = try spawnLimited(executable, ulimit: "ulimit -n 128 && ulimit -Sn 64", ["--header-timeout-s", "0.5"])
        defer { child.send(SIGKILL) }
        let base = try #require(await child.firstLine())
        let token = try await token(child)
        let port = try #require(Int(base.split(separator: ":").last ?? ""))

        // The test process needs 256 descriptors of its own for this.
        FileDescriptorLimit.raiseToHardLimit()
        let deadline = ContinuousClock.now + .seconds(120)
        var idle: [TCPConnection] = []
        defer { for connection in idle { connection.close() } }
        for _ in 0..<256 {
            idle.append(try await TCPConnection.connect(host: "127.0.0.1", port: port, deadline: deadline))
        }
        // A legitimate client gets in once the head timeout has cleared the idle ones.
        let client = HTTPClient()
        defer { client.shutdown() }
        let version = try await client.execute(HTTPClientRequest(method: "GET", url: base + "/api/version"), deadline: deadline)
        #expect(version.status == 200)
        #expect(try await login(client, base, token, deadline: deadline) == 200)
        // Every idle connection was eventually accepted and closed by the server.
        for connection in idle {
            let bytes = try? await connection.read(maxBytes: 1, deadline: deadline)
            #expect(bytes == nil || bytes == [])
        }
        child.send(SIGTERM)
        #expect(await child.exitStatus() == 0)
        let stderr = await child.stderrText()
        #expect(stderr.contains("serving at most 96 connections at once"), "\(stderr)")
        #expect(stderr.contains("open-file limit 128"), "\(stderr)")
    }
}
