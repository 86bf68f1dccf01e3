/// A write queued on the loop (``SocketConnection``), of which `offset` bytes
/// have gone out; loop thread only.
struct PendingWrite {
    let token: OperationToken
    let continuation: CheckedContinuation<Void, any Error>
    let bytes: [UInt8]
    var offset: Int
    /// The deadline timer, if any.
    var timer: UInt64?
}
