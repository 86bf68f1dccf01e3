import RuntimeIO
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator

/// An emulator on a manual clock served on a loopback port, reached over real HTTP and websockets.
struct LiveEmulator {
    static let token = "stream-token"
    let clock: EmulatorClock
    let emulator: RunningEmulator
    let client = HTTPClient()

    init(faults: Faults = Faults(), finalResultInStream: Bool = false, streamBufferLimit: Int = 1024) async throws {
        clock = EmulatorClock.manual()
        emulator = try await Emulator.start(configuration: EmulatorConfiguration(
            accessTokens: [Self.token], faults: faults, clock: clock,
            finalResultInStream: finalResultInStream, streamBufferLimit: streamBufferLimit))
    }

    func stop() async {
        client.shutdown()
        await emulator.shutdown()
    }

    func submit(_ program: String, params: String) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(
            method: "POST", url: emulator.runtimeURL + "/jobs", headers: HTTPHeaders([("X-Access-Token", Self.token)]),
            body: Array(#"{"program_id": "\#(program)", "backend": "ibmq_qasm_simulator", "params": \#(params)}"#.utf8)),
            deadline: .now + .seconds(45))
        #expect(response.status == 200)
        return try #require(try JSONParser.parse(response.body)["id"]?.stringValue)
    }

    func streamURL(_ id: String) -> String {
        "ws://127.0.0.1:\(emulator.port)/runtime/stream/jobs/\(id)"
    }

    func connect(_ id: String, token: String = LiveEmulator.token) async throws -> WebSocketConnection {
        try await WebSocketClient.connect(
            url: streamURL(id), headers: HTTPHeaders([("X-Access-Token", token)]), deadline: .now + .seconds(45))
    }

    func advance(seconds: Double) {
        clock.advance(by: .microseconds(Int64(seconds * 1_000_000)))
    }
}

/// Reads every text message until the connection ends; returns them with how it ended.
func drain(_ socket: WebSocketConnection) async -> (texts: [String], error: (any Error)?) {
    var texts: [String] = []
    do {
        while let message = try await socket.receive(deadline: .now + .seconds(45)) {
            if case .text(let text) = message { texts.append(text) }
        }
        return (texts, nil)
    } catch {
        return (texts, error)
    }
}

@Suite("Stream endpoint /runtime/stream/jobs/{id}", .timeLimit(.minutes(3)))
struct StreamEndpointTests {
    @Test("ACK, then one frame per interim result, then close 1000")
    func helloWorld() async throws {
        let live = try await LiveEmulator()
        let id = try await live.submit("hello-world", params: #"{"iterations": 3}"#)
        let socket = try await live.connect(id)
        #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        live.advance(seconds: 10)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count == 3)
        #expect(try texts.map { try JSONParser.parse($0)["iteration"] } == [.integer(0), .integer(1), .integer(2)])
        #expect(socket.closeCode == 1000)
        // The frames are exactly the REST interim results (REST is latest first).
        let rest = try await live.client.execute(HTTPClientRequest(
            method: "GET", url: live.emulator.runtimeURL + "/jobs/\(id)/interim_results",
            headers: HTTPHeaders([("X-Access-Token", LiveEmulator.token)])), deadline: .now + .seconds(45))
        #expect(try JSONParser.parse(rest.body) == .array(texts.reversed().map { .string($0) }))
        await live.stop()
    }

    @Test("a late subscriber gets no replay; finalResultInStream adds the result as the last frame")
    func lateSubscriber() async throws {
        let live = try await LiveEmulator(finalResultInStream: true)
        let id = try await live.submit("hello-world", params: #"{"iterations": 3}"#)
        live.advance(seconds: 1.5)   // results at 1.0 and 1.5 published
        let socket = try await live.connect(id)
        #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        live.advance(seconds: 10)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count == 2)
        #expect(try JSONParser.parse(texts[0])["iteration"] == .integer(2))
        #expect(texts.last == "\"All done!\"")
        #expect(socket.closeCode == 1000)
        await live.stop()
    }

    @Test("an already-final job gets ACK then close 1000")
    func alreadyFinal() async throws {
        let live = try await LiveEmulator()
        let id = try await live.submit("hello-world", params: #"{"iterations": 2}"#)
        live.advance(seconds: 10)
        let socket = try await live.connect(id)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts == ["ACK"])
        #expect(socket.closeCode == 1000)
        await live.stop()
    }

    @Test("a bad or missing token is refused with 401 and the runtime error body; an unknown job with 404")
    func refusals() async throws {
        let live = try await LiveEmulator()
        let id = try await live.submit("hello-world", params: #"{"iterations": 2}"#)
        for (jobID, token, status) in [(id, "wrong", 401), (id, "", 401), ("no-such-job", LiveEmulator.token, 404)] {
            do {
                _ = try await live.connect(jobID, token: token)
                Issue.record("upgrade for \(jobID) with token '\(token)' was accepted")
            } catch let error as WireError {
                #expect(error.code == .handshakeFailed)
                #expect(error.statusCode == status)
            }
            // The same upgrade request over plain HTTP shows the body.
            var headers = HTTPHeaders([
                ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Version", "13"),
                ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ])
            if !token.isEmpty { headers.add("X-Access-Token", token) }
            let response = try await live.client.execute(HTTPClientRequest(
                method: "GET", url: "http://127.0.0.1:\(live.emulator.port)/runtime/stream/jobs/\(jobID)", headers: headers),
                deadline: .now + .seconds(45))
            #expect(response.status == status)
            let body = try JSONParser.parse(response.body)
            #expect(body["errors"]?.arrayValue?.first?["code"]?.stringValue != nil)
            #expect(body["errors"]?.arrayValue?.first?["message"]?.stringValue != nil)
            #expect(body["trace"]?.stringValue != nil)
        }
        await live.stop()
    }

    @Test("drop after N frames with close 1011, or abruptly")
    func drops() async throws {
        let live = try await LiveEmulator()
        let closing = try await live.submit("hello-world", params: #"{"iterations": 5, "_fault_ws_drop_after": 2}"#)
        let socket = try await live.connect(closing)
        live.advance(seconds: 10)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count == 3)   // ACK + 2
        #expect(socket.closeCode == 1011)

        let abrupt = try await live.submit(
            "hello-world", params: #"{"iterations": 5, "_fault_ws_drop_after": 1, "_fault_ws_drop_mode": "abrupt"}"#)
        let second = try await live.connect(abrupt)
        live.advance(seconds: 10)
        let (abruptTexts, abruptError) = await drain(second)
        #expect(abruptTexts.count == 2)   // ACK + 1
        #expect((abruptError as? WireError)?.code == .connectionClosed)
        #expect(second.closeCode == 1006)
        await live.stop()
    }

    @Test("server-wide drop fault and drop after 0 frames")
    func serverWideDrop() async throws {
        let live = try await LiveEmulator(faults: Faults(stream: StreamFaults(dropAfter: 0)))
        let id = try await live.submit("hello-world", params: #"{"iterations": 2}"#)
        let socket = try await live.connect(id)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts == ["ACK"])
        #expect(socket.closeCode == 1011)
        await live.stop()
    }

    @Test("malformed frames: invalid UTF-8 (1007), reserved opcode (1002), truncated JSON")
    func malformed() async throws {
        let live = try await LiveEmulator()
        for (kind, code) in [("invalid_utf8", 1007), ("reserved_opcode", 1002)] {
            let id = try await live.submit("hello-world", params: #"{"iterations": 2, "_fault_ws_malformed_frames": "\#(kind)"}"#)
            let socket = try await live.connect(id)
            live.advance(seconds: 10)
            let (texts, error) = await drain(socket)
            #expect(texts == ["ACK"], "\(kind)")
            #expect(error is WireError, "\(kind)")
            #expect(socket.closeCode == UInt16(code), "\(kind)")
        }
        let id = try await live.submit("hello-world", params: #"{"iterations": 2, "_fault_ws_malformed_frames": "truncated_json"}"#)
        let socket = try await live.connect(id)
        live.advance(seconds: 10)
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count == 3)
        for text in texts.dropFirst() { #expect((try? JSONParser.parse(text)) == nil) }
        #expect(socket.closeCode == 1000)
        await live.stop()
    }

    @Test("a subscription buffer overflow closes with 1011, not 1000")
    func overflow() async throws {
        let live = try await LiveEmulator(streamBufferLimit: 2)
        let id = try await live.submit("hello-world", params: #"{"iterations": 20}"#)
        let socket = try await live.connect(id)
        #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        live.advance(seconds: 100)   // 20 results and the final state at once
        let (texts, error) = await drain(socket)
        #expect(error == nil)
        #expect(texts.count < 20)
        #expect(socket.closeCode == 1011)
        await live.stop()
    }

    @Test("a client that goes away ends its subscription")
    func clientLeaves() async throws {
        let live = try await LiveEmulator()
        let id = try await live.submit("hello-world", params: #"{"iterations": 3}"#)
        let socket = try await live.connect(id)
        #expect(try await socket.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        await socket.close()
        #expect(socket.closeCode == 1000)
        // A new subscriber still gets the whole rest of the stream.
        let again = try await live.connect(id)
        #expect(try await again.receive(deadline: .now + .seconds(45)) == .text("ACK"))
        live.advance(seconds: 10)
        let (texts, error) = await drain(again)
        #expect(error == nil)
        #expect(texts.count == 3)
        await live.stop()
    }
}
