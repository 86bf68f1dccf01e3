/// Websocket faults for one job, as the stream layer should apply them.
///
/// Resolved from the server-wide ``Faults`` and the job's reserved inputs (job inputs win):
///
/// | Input | Type | Meaning |
/// |---|---|---|
/// | `_fault_ws_drop_after` | integer | drop each connection after this many interim-result frames (the ACK not counted) |
/// | `_fault_ws_drop_mode` | `"1011"` or `"abrupt"` | how to drop |
/// | `_fault_ws_malformed_frames` | boolean, or a ``MalformedFrameKind`` raw value (`"invalid_utf8"`, `"reserved_opcode"`, `"truncated_json"`) | send every interim result as a malformed frame |
public struct StreamFaults: Sendable, Hashable {
    /// Drop the connection after this many interim-result frames; `nil` never drops.
    public var dropAfter: Int?
    /// How to drop.
    public var dropMode: WebSocketDropMode
    /// Send each interim result as a malformed frame (see ``malformedFrameKind``).
    public var malformedFrames: Bool
    /// How frames are malformed when ``malformedFrames`` is on.
    public var malformedFrameKind: MalformedFrameKind

    /// Creates stream faults; the default injects nothing.
    public init(
        dropAfter: Int? = nil, dropMode: WebSocketDropMode = .close1011, malformedFrames: Bool = false,
        malformedFrameKind: MalformedFrameKind = .invalidUTF8
    ) {
        self.dropAfter = dropAfter
        self.dropMode = dropMode
        self.malformedFrames = malformedFrames
        self.malformedFrameKind = malformedFrameKind
    }
}
