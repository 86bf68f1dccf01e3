import RuntimeWire

/// The outcome of one non-blocking read or send by a ``SocketIO``.
package enum SocketTransfer {
    /// Bytes moved: received or sent. For a read, 0 means the end of the stream.
    case moved(Int)
    /// The kernel (or curl) has no bytes, or no room, now.
    case wouldBlock
    /// The connection is dead.
    case failed(WireError)
}
