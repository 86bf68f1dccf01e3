/// A ``Connection`` that can hand over bytes the kernel already holds without a trip through the
/// event loop, straight into the caller's buffer (no intermediate array). Readers try this first
/// and fall back to ``Connection/read(maxBytes:deadline:)`` to wait.
package protocol DirectReadable: Connection {
    /// The byte count read into `buffer` (0 at end of stream), or nil when nothing is there yet
    /// (or the connection is closed: the following `read` reports it). Never waits.
    /// - Throws: `WireError` on a hard transport error (the connection is then dead).
    func readAvailable(into buffer: UnsafeMutableRawBufferPointer) throws -> Int?
}
