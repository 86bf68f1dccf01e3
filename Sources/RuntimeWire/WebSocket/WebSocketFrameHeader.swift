/// Where the parts of one complete frame lie in a buffer (``WebSocketFrameDecoder/decodeHeader(_:)``);
/// offsets count from the start of the frame.
package struct WebSocketFrameHeader: Sendable, Hashable {
    package var fin: Bool
    package var opcode: WebSocketOpcode
    /// Where the 4-byte masking key starts, if the frame is masked.
    package var maskOffset: Int?
    /// Where the payload starts.
    package var payloadOffset: Int
    package var payloadLength: Int

    /// The whole frame's length: header, masking key and payload.
    package var frameLength: Int { payloadOffset + payloadLength }
}
