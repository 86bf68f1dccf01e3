import RuntimeIO
import RuntimeWire

/// The websocket endpoint `GET /runtime/stream/jobs/{id}` (PROTOCOL.md §3, §9 item 6).
///
/// The request pipeline checks the route, HTTP faults and `X-Access-Token` (401) before handing
/// the upgrade here. The job is subscribed to before the `101` answer goes out, so every interim result
/// published after the upgrade request is delivered: the connection gets an `ACK` text frame,
/// then one text frame per interim result (no replay of earlier ones), and is closed with 1000
/// once the job is final. Stream faults (drop after N frames, malformed frames) are applied per
/// job. A subscription whose buffer overflowed (a client too slow for
/// ``EmulatorConfiguration/streamBufferLimit`` events) is closed with 1011, so the client
/// reconnects and recovers the missed results from `GET /jobs/{id}/interim_results`.
///
/// Memory is bounded per connection: events wait in the subscription's bounded buffer; the
/// endpoint takes what is buffered (at most ``batchSize`` events), writes their frames with one
/// system call and takes the next batch only when the socket accepted it (a slow reader makes the
/// writes wait; a reader that stops for ``sendTimeout`` loses the connection).
enum JobStream {
    /// The longest a single frame may wait for the peer to read before the connection is dropped.
    static let sendTimeout: Duration = .seconds(30)

    /// The most events whose frames go out in one write.
    static let batchSize = 128

    /// Frames go out once this many bytes are pending, whatever the batch holds (large interim
    /// results must not pile up 128 at a time).
    static let flushBytes = 256 * 1024

    /// The stream handler to install with ``EmulatorService/setStreamHandler(_:)``. It holds the
    /// service weakly (the service stores the handler).
    static func handler(for service: EmulatorService) -> @Sendable (HTTPServerRequest, String) async -> HTTPServerAction {
        { [weak service] request, jobID in
            guard let service else {
                return .respond(Responses.runtimeError(503, code: "service_unavailable", message: "The emulator is shutting down.", trace: ""))
            }
            return upgrade(request, jobID: jobID, service: service)
        }
    }

    static func upgrade(_ request: HTTPServerRequest, jobID: String, service: EmulatorService) -> HTTPServerAction {
        guard let faults = service.streamFaults(ofJob: jobID), let events = try? service.subscribeBatched(toJob: jobID) else {
            return .respond(Responses.runtimeError(
                404, code: "not_found", message: "Job not found: \(jobID)", trace: service.nextTrace()))
        }
        // An invalid upgrade request (400) drops the closure, and with it the subscription.
        return WebSocketServerUpgrade.action(for: request) { socket in
            await serve(socket, events: events, faults: faults)
        }
    }

    /// Sends the job's frames while a child task reads (and discards) what the client sends, so
    /// its pings and close frame are answered.
    static func serve(_ socket: WebSocketConnection, events: StreamEvents, faults: StreamFaults) async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await socket.discardIncoming()
                return true
            }
            group.addTask {
                await send(events, to: socket, faults: faults)
                return false
            }
            // The client went away first: stop waiting for events (ends the subscription).
            if let readerEnded = await group.next(), readerEnded { group.cancelAll() }
            await group.waitForAll()
        }
    }

    private static func send(_ events: StreamEvents, to socket: WebSocketConnection, faults: StreamFaults) async {
        // However this ends, the subscription ends with it.
        defer { events.terminate() }
        do {
            try await socket.send(text: "ACK", deadline: .now + sendTimeout)
            var sent = 0
            if let limit = faults.dropAfter, sent >= limit { return await drop(socket, faults.dropMode) }
            var frames: [UInt8] = []
            while true {
                let batch = await events.next(maxCount: batchSize)
                if batch.isEmpty { break }
                frames.removeAll(keepingCapacity: true)
                for queued in batch {
                    switch queued {
                    case .interim(let source, let k):
                        if faults.malformedFrames {
                            appendInterim(source.text(k), to: &frames, faults: faults)
                        } else {
                            source.appendFrame(k, to: &frames)
                        }
                    case .event(.interim(let text)):
                        appendInterim(text, to: &frames, faults: faults)
                    case .event(.final):
                        try await socket.send(serializedFrames: frames, deadline: .now + sendTimeout)
                        await socket.close(code: WebSocketCloseCode.normal)
                        return
                    }
                    // An interim result's frame was appended.
                    sent += 1
                    if let limit = faults.dropAfter, sent >= limit {
                        try await socket.send(serializedFrames: frames, deadline: .now + sendTimeout)
                        return await drop(socket, faults.dropMode)
                    }
                    if frames.count >= flushBytes {
                        try await socket.send(serializedFrames: frames, deadline: .now + sendTimeout)
                        frames.removeAll(keepingCapacity: true)
                    }
                }
                try await socket.send(serializedFrames: frames, deadline: .now + sendTimeout)
            }
            // Ended without a final event: the buffer overflowed (or the reader ended and this
            // task was cancelled). Make the client reconnect and recover from REST.
            if !Task.isCancelled {
                await socket.close(code: WebSocketCloseCode.internalError, reason: "subscription buffer overflow")
            }
        } catch {
            socket.abort()
        }
    }

    /// Appends the frame of one interim result: a text frame, or the malformed frame the faults ask for.
    static func appendInterim(_ text: String, to frames: inout [UInt8], faults: StreamFaults) {
        guard faults.malformedFrames else { return WebSocketFrame.appendText(text, to: &frames) }
        switch faults.malformedFrameKind {
        case .invalidUTF8:
            WebSocketFrame(opcode: .text, payload: Array(text.utf8) + [0xFF]).append(to: &frames)
        case .reservedOpcode:
            // FIN + opcode 0x3 (reserved for data frames), unmasked as a server sends.
            let start = frames.count
            WebSocketFrame(opcode: .binary, payload: Array(text.utf8)).append(to: &frames)
            if start < frames.count { frames[start] = 0x83 }
        case .truncatedJSON:
            let utf8 = Array(text.utf8)
            let cut = utf8.count > 1 ? Array(utf8[0..<(utf8.count / 2)]) : Array("{".utf8)
            WebSocketFrame.appendText(String(decoding: cut, as: UTF8.self), to: &frames)
        }
    }

    private static func drop(_ socket: WebSocketConnection, _ mode: WebSocketDropMode) async {
        switch mode {
        case .close1011:
            await socket.close(code: WebSocketCloseCode.internalError, reason: "injected fault: drop")
        case .abrupt:
            socket.abort()
        }
    }
}
