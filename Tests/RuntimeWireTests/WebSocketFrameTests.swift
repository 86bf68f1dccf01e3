import Testing
@testable import RuntimeWire

@Suite("WebSocket frames")
struct WebSocketFrameTests {
    private let server = WebSocketFrameDecoder(role: .server, maxPayloadSize: 1 << 24)
    private let client = WebSocketFrameDecoder(role: .client, maxPayloadSize: 1 << 24)

    @Test("RFC 6455 §5.7 examples decode: unmasked and masked Hello, ping, 256-byte and 65536-byte binary")
    func rfcExamples() throws {
        let unmasked: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        let decoded = try #require(try client.decode(unmasked[...]))
        #expect(decoded.frame == WebSocketFrame(opcode: .text, payload: Array("Hello".utf8)))
        #expect(decoded.consumed == 7)
        let masked: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(try server.decode(masked[...])?.frame.payload == Array("Hello".utf8))
        #expect(WebSocketFrame(opcode: .text, payload: Array("Hello".utf8)).serialize(maskingKey: 0x37fa_213d) == masked)
        let fragmentStart: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c]
        #expect(try client.decode(fragmentStart[...])?.frame == WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8)))
        let ping: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        #expect(try client.decode(ping[...])?.frame.opcode == .ping)
        let medium = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 7, count: 256)).serialize()
        #expect(Array(medium.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        let large = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 9, count: 65536)).serialize()
        #expect(Array(large.prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(try client.decode(large[...])?.frame.payload.count == 65536)
    }

    @Test("a 63-bit length against a limit near Int.max is messageTooLarge, not an arithmetic trap")
    func hugeLengthUnboundedLimit() {
        let header: [UInt8] = [0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        for limit in [Int.max, Int.max - 1, Int.max - 14] {
            let decoder = WebSocketFrameDecoder(role: .client, maxPayloadSize: limit)
            do {
                _ = try decoder.decode(header[...])
            } catch let error as WireError {
                #expect(error.code == .messageTooLarge)
            } catch {
                Issue.record("unexpected \(error)")
            }
            #expect(throws: WireError(.messageTooLarge, "frame payload of 9223372036854775807 bytes exceeds the limit of \(limit)", offset: 1)) {
                _ = try decoder.decodeHeader(header[...])
            }
        }
    }

    @Test("Round trip over the 7/16/64-bit length boundaries, masked and unmasked, at a slice offset")
    func roundTrip() throws {
        for length in [0, 1, 3, 4, 5, 125, 126, 127, 65535, 65536, 100_000] {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let frame = WebSocketFrame(fin: length % 2 == 0, opcode: .binary, payload: payload)
            let maskedBytes = [0xAA] + frame.serialize(maskingKey: 0x0102_0304) + [0xBB]
            let viaServer = try #require(try server.decode(maskedBytes[1...]))
            #expect(viaServer.frame == frame)
            #expect(viaServer.consumed == maskedBytes.count - 2)
            let plain = frame.serialize()
            #expect(try client.decode(plain[...])?.frame == frame)
            for cut in [0, 1, 2, plain.count / 2, plain.count - 1] where cut < plain.count {
                #expect(try client.decode(plain[..<cut]) == nil)
            }
        }
    }

    @Test("RSV bits, reserved opcodes and long or fragmented control frames are invalid frames")
    func invalidFrames() {
        for bytes: [UInt8] in [[0xC1, 0x00], [0xA1, 0x00], [0x91, 0x00], [0x83, 0x00], [0x8B, 0x00], [0x87, 0x00],
                               [0x09, 0x00], [0x89, 0x7E, 0x00, 0x7E], [0x88, 0x7F, 0, 0, 0, 0, 0, 0, 0, 200]] {
            #expect(throws: WireError.self) { try client.decode(bytes[...]) }
            do {
                _ = try client.decode(bytes[...])
            } catch let error as WireError {
                #expect(error.code == .invalidWebSocketFrame)
                #expect(WebSocketCloseCode.closeCode(for: error) == 1002)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("Mask rules: unmasked to a server and masked to a client are protocol violations")
    func maskRules() {
        let frame = WebSocketFrame(opcode: .text, payload: [0x41])
        let unmasked = frame.serialize()
        let masked = frame.serialize(maskingKey: 7)
        #expect { try server.decode(unmasked[...]) } throws: { ($0 as? WireError)?.code == .protocolViolation }
        #expect { try client.decode(masked[...]) } throws: { ($0 as? WireError)?.code == .protocolViolation }
    }

    @Test("Payload lengths above the limit fail from the header alone; a set top bit of a 64-bit length is invalid")
    func lengthLimits() {
        let small = WebSocketFrameDecoder(role: .client, maxPayloadSize: 1000)
        let header: [UInt8] = [0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0x03, 0xE9]
        #expect { try small.decode(header[...]) } throws: {
            ($0 as? WireError)?.code == .messageTooLarge && WebSocketCloseCode.closeCode(for: $0 as! WireError) == 1009
        }
        let huge: [UInt8] = [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1]
        #expect { try client.decode(huge[...]) } throws: { ($0 as? WireError)?.code == .invalidWebSocketFrame }
        let max: [UInt8] = [0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect { try client.decode(max[...]) } throws: { ($0 as? WireError)?.code == .messageTooLarge }
    }
}
