// libFuzzer target: frame decoding (both roles) and message assembly over arbitrary bytes.
// Nothing may trap; every decoded frame must re-encode to bytes that decode to the same frame.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocketFrame(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for role in [WebSocketRole.client, .server] {
        let decoder = WebSocketFrameDecoder(role: role, maxPayloadSize: 1 << 16)
        var assembler = WebSocketMessageAssembler(maxMessageSize: 2048)
        var offset = 0
        while offset < bytes.count {
            let header = try? decoder.decodeHeader(bytes[offset...])
            guard let decoded = try? decoder.decode(bytes[offset...]) else {
                if header != nil { fatalError("decodeHeader accepted a frame decode refused") }
                break
            }
            guard let header, header.frameLength == decoded.consumed, header.fin == decoded.frame.fin,
                  header.opcode == decoded.frame.opcode, header.payloadLength == decoded.frame.payload.count
            else { fatalError("decodeHeader disagrees with decode") }
            if header.fin, header.maskOffset == nil {
                // The zero-copy path gives what the frame path gives.
                var viaSlice = assembler
                var viaFrame = assembler
                let start = offset + header.payloadOffset
                let fromSlice = try? viaSlice.pushWhole(opcode: header.opcode, payload: bytes[start..<(start + header.payloadLength)])
                let fromFrame = try? viaFrame.push(decoded.frame)
                if fromSlice != fromFrame { fatalError("pushWhole disagrees with push") }
            }
            offset += decoded.consumed
            let again = decoded.frame.serialize(maskingKey: role == .server ? 0x1234_5678 : nil)
            if (try? decoder.decode(again[...]))??.frame != decoded.frame { fatalError("mismatch") }
            do { _ = try assembler.push(decoded.frame) } catch { break }
        }
    }
    var validator = WebSocketUTF8Validator()
    let valid = validator.feed(bytes) == nil && validator.isComplete
    if valid != (String(validating: bytes, as: UTF8.self) != nil) { fatalError("mismatch") }
    _ = try? WebSocketCloseCode.parse(bytes)
    return 0
}
