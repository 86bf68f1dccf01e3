/// Size limits applied while parsing HTTP/1.1 messages, so that a peer cannot make us buffer
/// without bound.
package struct HTTPLimits: Sendable, Hashable {
    /// The largest request or status line plus header section, terminating blank line included.
    package var maxHeadBytes: Int
    /// The most header fields in one head (and, separately, in one chunked trailer section).
    package var maxHeaderCount: Int
    /// The largest body, after removing chunked framing.
    package var maxBodyBytes: Int
    /// The longest chunk-size line, chunk extensions included.
    package var maxChunkLineBytes: Int

    package init(
        maxHeadBytes: Int = 64 * 1024,
        maxHeaderCount: Int = 256,
        maxBodyBytes: Int = 64 * 1024 * 1024,
        maxChunkLineBytes: Int = 4096
    ) {
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }
}
