/// Server-wide fault injection.
///
/// HTTP faults (``http``) are applied by the request pipeline; websocket faults (``stream``) are stored for
/// the stream layer, which reads them per job through ``EmulatorService/streamFaults(ofJob:)``.
/// Per-job inputs can add faults to a single job:
///
/// | Input | Type | Meaning |
/// |---|---|---|
/// | `_fault_ws_drop_after`, `_fault_ws_drop_mode`, `_fault_ws_malformed_frames` | see ``StreamFaults`` | websocket faults of this job |
/// | `_fault_malformed_results` | boolean | `GET /jobs/{id}/results` returns a cut (invalid) body |
///
/// More HTTP faults can be added while the emulator runs with ``EmulatorService/inject(_:)``.
public struct Faults: Sendable, Hashable {
    /// HTTP faults, checked in order.
    public var http: [HTTPFault]
    /// Websocket faults applied to every job (a job's inputs override them).
    public var stream: StreamFaults

    /// Creates a fault configuration; the default injects nothing.
    public init(http: [HTTPFault] = [], stream: StreamFaults = StreamFaults()) {
        self.http = http
        self.stream = stream
    }
}
