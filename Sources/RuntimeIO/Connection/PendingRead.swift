/// A read waiting on the loop for bytes (``SocketConnection``); loop thread only.
struct PendingRead {
    let token: OperationToken
    let continuation: CheckedContinuation<[UInt8], any Error>
    let maxBytes: Int
    /// The deadline timer, if any.
    var timer: UInt64?
}
