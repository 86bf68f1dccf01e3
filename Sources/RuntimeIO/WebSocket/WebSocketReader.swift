import RuntimeWire

/// The input side of a ``WebSocketConnection``: the bytes read and not parsed yet, the frame
/// decoder and the message assembler.
// @unchecked Sendable: every access happens while holding the connection's `readGate`, which
// admits one task at a time and orders the accesses (its Mutex gives the happens-before edges).
final class WebSocketReader: @unchecked Sendable {
    /// `buffer[start..<end]` is input not parsed yet; the rest is room for the next read
    /// (kept while data flows, so a read fills it in place: no array per read, no
    /// zero-filling each time; given back before waiting, so an idle connection holds none).
    var buffer: [UInt8]
    var start = 0
    var end: Int
    /// How much the next direct read asks for: doubles while reads come back full (a
    /// backlog), falls back towards the smallest size when they do not.
    private var chunk = WebSocketReader.smallestChunk
    private static let smallestChunk = 4 << 10
    let decoder: WebSocketFrameDecoder
    var assembler: WebSocketMessageAssembler

    init(initialBytes: [UInt8], role: WebSocketRole, maxMessageSize: Int) {
        buffer = initialBytes
        end = initialBytes.count
        decoder = WebSocketFrameDecoder(role: role, maxPayloadSize: maxMessageSize)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
    }

    /// The next event from the bytes already read, or nil when more bytes are needed. An
    /// unmasked final frame (every frame a server sends whole) goes to the assembler straight
    /// from the buffer: a text message is validated and copied once, into its string.
    func nextEvent() throws -> WebSocketEvent? {
        while start < end {
            guard let header = try decoder.decodeHeader(buffer[start..<end]) else { return nil }
            let event: WebSocketEvent?
            if header.fin, header.maskOffset == nil {
                let payloadStart = start + header.payloadOffset
                event = try assembler.pushWhole(
                    opcode: header.opcode, payload: buffer[payloadStart..<(payloadStart + header.payloadLength)])
            } else if let (frame, _) = try decoder.decode(buffer[start..<end]) {
                event = try assembler.push(frame)
            } else {
                return nil
            }
            advance(by: header.frameLength)
            if let event { return event }
        }
        return nil
    }

    /// The next data message if the next frame in the buffer is a whole, valid one (FIN set,
    /// unmasked, no fragmented message in progress); nil otherwise, with nothing consumed, so
    /// that ``nextEvent()`` later sees exactly the same bytes (and raises any error).
    func nextBufferedMessage() -> WebSocketMessage? {
        guard start < end, !assembler.isAssembling,
              let header = try? decoder.decodeHeader(buffer[start..<end]),
              header.fin, header.maskOffset == nil, header.opcode == .text || header.opcode == .binary
        else { return nil }
        let payloadStart = start + header.payloadOffset
        guard case .message(let message)? = try? assembler.pushWhole(
            opcode: header.opcode, payload: buffer[payloadStart..<(payloadStart + header.payloadLength)])
        else { return nil }
        advance(by: header.frameLength)
        return message
    }

    private func advance(by count: Int) {
        start += count
        guard start >= end else { return }
        start = 0
        end = 0
        // Room grown for one huge message is given back.
        if buffer.count > 1 << 20 { buffer = [] }
    }

    /// Moves the bytes not parsed yet (at most one partial frame) to the front, before a read.
    func compact() {
        guard start > 0 else { return }
        let (from, count) = (start, end - start)
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress, count > 0 else { return }
            base.copyMemory(from: base + from, byteCount: count)
        }
        start = 0
        end = count
    }

    /// Makes room for `count` more bytes after `end` (with slack for big reads, so that the
    /// remainders of partial frames moved to the front do not make it grow at every read).
    private func reserve(_ count: Int) {
        let room = buffer.count - end
        guard room < count else { return }
        let slack = count >= 16 << 10 ? 16 << 10 : 0
        buffer.append(contentsOf: repeatElement(0, count: count - room + slack))
    }

    /// Appends bytes read by `Connection.read`.
    func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        buffer.replaceSubrange(end..<(end + bytes.count), with: bytes)
        end += bytes.count
    }

    /// Reads what `source` already holds straight into the buffer (at most `limit` bytes,
    /// fewer while reads do not come back full): the byte count (0 at end of stream), or nil
    /// when the read must wait.
    func fill(from source: any DirectReadable, limit: Int) throws -> Int? {
        let maxBytes = max(1, min(chunk, limit))
        reserve(maxBytes)
        let at = end
        let count = try buffer.withUnsafeMutableBytes { raw in
            try source.readAvailable(into: UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + maxBytes)]))
        }
        guard let count else { return nil }
        let taken = min(max(count, 0), maxBytes)
        end += taken
        chunk = taken == maxBytes ? min(maxBytes * 2, limit) : max(WebSocketReader.smallestChunk, min(taken * 2, limit))
        return count
    }

    /// Gives the read room back when nothing is buffered: called before waiting for input.
    func releaseRoomIfEmpty() {
        guard start == end, !buffer.isEmpty else { return }
        buffer = []
        start = 0
        end = 0
    }
}
