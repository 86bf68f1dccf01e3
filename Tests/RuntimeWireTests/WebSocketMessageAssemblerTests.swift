import Testing
@testable import RuntimeWire

@Suite("WebSocket message assembly, close codes and UTF-8")
struct WebSocketMessageAssemblerTests {
    private func code(_ body: () throws -> Void) -> UInt16? {
        do {
            try body()
            return nil
        } catch let error as WireError {
            return WebSocketCloseCode.closeCode(for: error)
        } catch {
            return 0
        }
    }

    @Test("Close codes come from the typed violation, never from the message text")
    func closeCodesAreTyped() {
        let utf8Text = WireError(.protocolViolation, WebSocketCloseCode.invalidUTF8Message + " in a text message")
        #expect(WebSocketCloseCode.closeCode(for: utf8Text) == 1002, "text alone does not choose 1007")
        let typed = WireError.webSocket(.protocolViolation, .invalidUTF8, "anything")
        #expect(WebSocketCloseCode.closeCode(for: typed) == 1007)
        #expect(WebSocketCloseCode.closeCode(for: .webSocket(.messageTooLarge, .messageTooBig, "big")) == 1009)
        #expect(WebSocketCloseCode.closeCode(for: WireError(.timedOut, "late")) == 1011)
        #expect(code { _ = try WebSocketCloseCode.parse([0x03, 0xE8, 0xFF]) } == 1007)
        #expect(code { _ = try WebSocketCloseCode.parse([0x03]) } == 1002)
    }

    @Test("Fragments reassemble with control frames interleaved")
    func fragmentation() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try assembler.push(WebSocketFrame(fin: false, opcode: .text, payload: Array("hé".utf8.prefix(2)))) == nil)
        #expect(try assembler.push(WebSocketFrame(opcode: .ping, payload: [1, 2])) == .ping([1, 2]))
        #expect(assembler.isAssembling)
        #expect(try assembler.push(WebSocketFrame(fin: false, opcode: .continuation, payload: Array("hé".utf8.dropFirst(2)))) == nil)
        #expect(try assembler.push(WebSocketFrame(opcode: .pong, payload: [])) == .pong([]))
        #expect(try assembler.push(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("!".utf8))) == .message(.text("hé!")))
        #expect(!assembler.isAssembling)
        #expect(try assembler.push(WebSocketFrame(fin: false, opcode: .binary, payload: [1])) == nil)
        #expect(try assembler.push(WebSocketFrame(fin: true, opcode: .continuation, payload: [2])) == .message(.binary([1, 2])))
        #expect(try assembler.push(WebSocketFrame(opcode: .text, payload: [])) == .message(.text("")))
    }

    @Test("Continuation without a start and a new message inside a fragmented one are 1002")
    func sequencingViolations() {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(code { _ = try assembler.push(WebSocketFrame(opcode: .continuation, payload: [1])) } == 1002)
        var second = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(code {
            _ = try second.push(WebSocketFrame(fin: false, opcode: .binary, payload: [1]))
            _ = try second.push(WebSocketFrame(opcode: .text, payload: [2]))
        } == 1002)
    }

    @Test("Messages over the limit are 1009, whole or in fragments; exactly the limit passes")
    func sizeLimit() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 10)
        #expect(try assembler.push(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 10))) == .message(.binary([UInt8](repeating: 0, count: 10))))
        #expect(code { _ = try assembler.push(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 11))) } == 1009)
        var fragmented = WebSocketMessageAssembler(maxMessageSize: 10)
        #expect(code {
            _ = try fragmented.push(WebSocketFrame(fin: false, opcode: .text, payload: Array("abcdef".utf8)))
            _ = try fragmented.push(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("ghijk".utf8)))
        } == 1009)
    }

    @Test("Invalid UTF-8 is 1007: overlong, surrogate, above U+10FFFF, truncated, and invalid across fragments")
    func utf8() throws {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0x80]] {
            var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
            #expect(code { _ = try assembler.push(WebSocketFrame(opcode: .text, payload: bad)) } == 1007)
        }
        var failFast = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try failFast.push(WebSocketFrame(fin: false, opcode: .text, payload: [0xCE])) == nil)
        #expect(code { _ = try failFast.push(WebSocketFrame(fin: false, opcode: .continuation, payload: [0x41])) } == 1007)
        var truncated = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try truncated.push(WebSocketFrame(fin: false, opcode: .text, payload: [0xF0, 0x9F])) == nil)
        #expect(code { _ = try truncated.push(WebSocketFrame(fin: true, opcode: .continuation, payload: [0x98])) } == 1007)
        var emoji = WebSocketMessageAssembler(maxMessageSize: 100)
        _ = try emoji.push(WebSocketFrame(fin: false, opcode: .text, payload: [0xF0]))
        _ = try emoji.push(WebSocketFrame(fin: false, opcode: .continuation, payload: [0x9F, 0x98]))
        #expect(try emoji.push(WebSocketFrame(fin: true, opcode: .continuation, payload: [0x80])) == .message(.text("😀")))
        #expect(code { var a = WebSocketMessageAssembler(maxMessageSize: 9); _ = try a.push(WebSocketFrame(opcode: .binary, payload: [0xFF])) } == nil)
    }

    @Test("Close payloads: empty, code with reason, invalid codes, 1-byte payload, non-UTF-8 reason")
    func closeFrames() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try assembler.push(WebSocketFrame(opcode: .close)) == .close(code: nil, reason: ""))
        let payload = WebSocketCloseCode.payload(code: 4001, reason: "bye")
        #expect(payload == [0x0F, 0xA1, 0x62, 0x79, 0x65])
        #expect(try assembler.push(WebSocketFrame(opcode: .close, payload: payload)) == .close(code: 4001, reason: "bye"))
        for invalid: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535] {
            #expect(code { _ = try WebSocketCloseCode.parse(WebSocketCloseCode.payload(code: invalid, reason: "")) } == 1002)
        }
        for valid: UInt16 in [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999] {
            #expect(try WebSocketCloseCode.parse(WebSocketCloseCode.payload(code: valid, reason: "")).code == valid)
        }
        #expect(code { _ = try WebSocketCloseCode.parse([0x03]) } == 1002)
        #expect(code { _ = try WebSocketCloseCode.parse([0x03, 0xE8, 0xFF]) } == 1007)
        let long = WebSocketCloseCode.payload(code: 1000, reason: String(repeating: "é", count: 100))
        #expect(long.count == 124)
        #expect(try WebSocketCloseCode.parse(long).reason == String(repeating: "é", count: 61))
    }

    @Test("A message in more than 65,536 fragments is too large, even when they are empty")
    func fragmentCount() throws {
        var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
        #expect(try assembler.push(WebSocketFrame(fin: false, opcode: .text, payload: Array("a".utf8))) == nil)
        let empty = WebSocketFrame(fin: false, opcode: .continuation)
        for _ in 1..<WebSocketMessageAssembler.maximumFragments {
            #expect(try assembler.push(empty) == nil)
        }
        #expect(code { _ = try assembler.push(empty) } == 1009)
        // A message in exactly the maximum number of frames is fine.
        var exact = WebSocketMessageAssembler(maxMessageSize: 100)
        _ = try exact.push(WebSocketFrame(fin: false, opcode: .binary, payload: [1]))
        for _ in 2..<WebSocketMessageAssembler.maximumFragments { _ = try exact.push(empty) }
        #expect(try exact.push(WebSocketFrame(fin: true, opcode: .continuation, payload: [2])) == .message(.binary([1, 2])))
    }
}
