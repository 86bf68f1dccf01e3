/// A connect in progress on the loop (``SocketConnection``); loop thread only.
struct PendingConnect {
    let token: OperationToken
    let continuation: CheckedContinuation<Void, any Error>
    /// The deadline timer, if any.
    var timer: UInt64?
}
