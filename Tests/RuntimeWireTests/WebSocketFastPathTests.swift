import Testing
@testable import RuntimeWire

/// The zero-copy paths of frame decoding and message assembly against the frame-by-frame ones.
@Suite("WebSocket fast paths against the reference paths")
struct WebSocketFastPathTests {
    /// What the old path made of a text payload: the incremental validator, then `String(decoding:)`.
    private func referenceText(_ payload: [UInt8]) -> Result<String, WireError> {
        var validator = WebSocketUTF8Validator()
        if let offset = validator.feed(payload) {
            return .failure(WireError(.protocolViolation, WebSocketCloseCode.invalidUTF8Message + " in a text message", offset: offset))
        }
        guard validator.isComplete else {
            return .failure(WireError(
                .protocolViolation, WebSocketCloseCode.invalidUTF8Message + ": text message ends inside a character", offset: payload.count))
        }
        return .success(String(decoding: payload, as: UTF8.self))
    }

    /// The outcome of `body` with its error as a `WireError` (any other error is a failure too).
    private func capture<T>(_ body: () throws -> T) -> Result<T, WireError> {
        do {
            return .success(try body())
        } catch let error as WireError {
            return .failure(error)
        } catch {
            return .failure(WireError(.invalidState, "not a WireError: \(error)"))
        }
    }

    private func fastText(_ payload: [UInt8]) -> Result<String, WireError> {
        capture { try WebSocketMessageAssembler.text(payload[...]) }
    }

    private func expectSame(_ fast: Result<String, WireError>, _ reference: Result<String, WireError>, _ payload: [UInt8]) {
        switch (fast, reference) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(payload)")
            #expect(Array(a.utf8) == payload, "\(payload)")
        case (.failure(let a), .failure(let b)):
            #expect(a.code == b.code, "\(payload)")
            #expect(a.offset == b.offset, "\(payload)")
            #expect(a.message == b.message, "\(payload)")
        default:
            Issue.record("fast \(fast) vs reference \(reference) for \(payload)")
        }
    }

    /// Byte strings that stress UTF-8: lead bytes, continuation bytes, boundaries, ASCII runs.
    private static func randomPayloads(count: Int, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                    0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF]
        let valid = [Array("é".utf8), Array("€".utf8), Array("𝄞".utf8), Array("\u{FFFD}".utf8), Array("\u{D7FF}".utf8),
                     Array("\u{E000}".utf8), Array("\u{10FFFF}".utf8), Array("abcdefgh".utf8)]
        var payloads: [[UInt8]] = []
        for _ in 0..<count {
            let length = Int(next() % 40)
            var bytes: [UInt8] = []
            while bytes.count < length {
                switch next() % 4 {
                case 0: bytes.append(interesting[Int(next() % UInt64(interesting.count))])
                case 1: bytes += valid[Int(next() % UInt64(valid.count))]
                case 2: bytes.append(UInt8(truncatingIfNeeded: next()))
                default: bytes += Array(repeating: UInt8(ascii: "x"), count: Int(next() % 20))
                }
            }
            payloads.append(bytes)
        }
        return payloads
    }

    @Test("text(_:) accepts and rejects exactly what the incremental validator does, with the same error")
    func textMatchesValidator() {
        var payloads = Self.randomPayloads(count: 30_000, seed: 11)
        payloads += [[], [0xEF, 0xBF, 0xBD], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x41], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
                     [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], Array(repeating: 0x41, count: 1000) + [0xFF],
                     Array(repeating: 0x41, count: 1001) + [0xC3], Array(String(repeating: "é", count: 600).utf8)]
        for payload in payloads {
            expectSame(fastText(payload), referenceText(payload), payload)
        }
    }

    @Test("text(_:) of a slice in the middle of a buffer sees only the slice")
    func textOfSlice() throws {
        let buffer: [UInt8] = [0xFF] + Array("héllo wörld, long enough for words".utf8) + [0xC3]
        let text = try WebSocketMessageAssembler.text(buffer[1..<(buffer.count - 1)])
        #expect(text == "héllo wörld, long enough for words")
        #expect(throws: WireError.self) { try WebSocketMessageAssembler.text(buffer[0..<4]) }
        #expect(throws: WireError.self) { try WebSocketMessageAssembler.text(buffer[(buffer.count - 2)...]) }
    }

    @Test("decodeHeader agrees with decode on every prefix of valid and broken frames")
    func headerMatchesDecode() {
        var frames: [[UInt8]] = []
        for size in [0, 1, 125, 126, 127, 65_535, 65_536] {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            frames.append(WebSocketFrame(opcode: .text, payload: payload).serialize())
            frames.append(WebSocketFrame(fin: false, opcode: .binary, payload: payload).serialize(maskingKey: 0x0102_0304))
        }
        frames += [[0xC1, 0x00], [0x83, 0x00], [0x09, 0x00], [0x89, 0x7E, 0x00, 0x7E], [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0]]
        for role in [WebSocketRole.client, .server] {
            let decoder = WebSocketFrameDecoder(role: role, maxPayloadSize: 70_000)
            for frame in frames {
                for cut in Set([0, 1, 2, 3, 4, 9, 10, 14, frame.count - 1, frame.count]) where cut >= 0 && cut <= frame.count {
                    let slice = ([0xAA] + frame)[1..<(cut + 1)]
                    let full = capture { try decoder.decode(slice) }
                    let header = capture { try decoder.decodeHeader(slice) }
                    switch (full, header) {
                    case (.success(nil), .success(nil)):
                        break
                    case (.success(let decoded?), .success(let parsed?)):
                        #expect(decoded.1 == parsed.frameLength)
                        #expect(decoded.0.opcode == parsed.opcode && decoded.0.fin == parsed.fin)
                        #expect(decoded.0.payload.count == parsed.payloadLength)
                        if parsed.maskOffset == nil {
                            let start = slice.startIndex + parsed.payloadOffset
                            #expect(Array(slice[start..<(start + parsed.payloadLength)]) == decoded.0.payload)
                        }
                    case (.failure(let a), .failure(let b)):
                        #expect(a.code == b.code && a.offset == b.offset && a.message == b.message)
                    default:
                        Issue.record("decode \(full) vs decodeHeader \(header) for \(frame.prefix(12)) cut \(cut), \(role)")
                    }
                }
            }
        }
    }

    @Test("pushWhole gives what push gives, in every assembler state, for every opcode and payload")
    func pushWholeMatchesPush() {
        let payloads: [[UInt8]] = [[], Array("ok".utf8), [0xFF], [0xC3], Array(repeating: 0x61, count: 50), Array("é".utf8), [0x03, 0xE8]]
        let opcodes: [WebSocketOpcode] = [.text, .binary, .continuation, .ping, .pong, .close]
        for assembling in [false, true] {
            for opcode in opcodes {
                for payload in payloads {
                    var a = WebSocketMessageAssembler(maxMessageSize: 40)
                    var b = WebSocketMessageAssembler(maxMessageSize: 40)
                    if assembling {
                        _ = try? a.push(WebSocketFrame(fin: false, opcode: .text, payload: Array("ab".utf8)))
                        _ = try? b.push(WebSocketFrame(fin: false, opcode: .text, payload: Array("ab".utf8)))
                    }
                    let viaFrame = capture { try a.push(WebSocketFrame(opcode: opcode, payload: payload)) }
                    let buffer = [0x99] + payload + [0x99]
                    let viaSlice = capture { try b.pushWhole(opcode: opcode, payload: buffer[1..<(buffer.count - 1)]) }
                    switch (viaFrame, viaSlice) {
                    case (.success(let x), .success(let y)):
                        #expect(x == y, "\(opcode) \(payload) assembling \(assembling)")
                    case (.failure(let x), .failure(let y)):
                        #expect(x.code == y.code && x.offset == y.offset && x.message == y.message)
                    default:
                        Issue.record("push \(viaFrame) vs pushWhole \(viaSlice): \(opcode) \(payload) assembling \(assembling)")
                    }
                    #expect(a.isAssembling == b.isAssembling)
                }
            }
        }
    }
}
