/// How the stream layer malforms interim-result frames when ``StreamFaults/malformedFrames`` is on.
public enum MalformedFrameKind: String, Sendable, Hashable, CaseIterable {
    /// A text frame whose payload is not valid UTF-8 (the result's bytes followed by `0xFF`): a
    /// conforming client fails the connection with 1007.
    case invalidUTF8 = "invalid_utf8"
    /// A frame with the reserved data opcode 0x3, sent raw: a conforming client fails the
    /// connection with 1002.
    case reservedOpcode = "reserved_opcode"
    /// A well-formed text frame whose payload is the result cut in the middle (not valid JSON).
    case truncatedJSON = "truncated_json"
}
