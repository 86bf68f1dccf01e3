import CRuntimeShims

/// A streaming inflater of one zlib stream, for readers that know how many bytes they want next
/// (e.g. a `.npy` preamble, then exactly its data bytes) and inflate straight into their own
/// buffers. Created only inside ``Zlib/withInflater(_:_:)``, which keeps the input alive.
/// Backed by the package's own inflater (`runtime_inflate.c`), which keeps the last 32 KiB of
/// output so that each read may target a different buffer.
package struct ZlibInflater: ~Copyable {
    private let handle: OpaquePointer
    /// Whether the end of the zlib stream has been reached.
    package private(set) var isFinished = false

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        runtime_inflater_free(handle)
    }

    /// Inflates into `buffer`, filling it completely unless the stream ends first.
    /// - Returns: the number of bytes written.
    /// - Throws: `WireError(.compressionFailed)` for corrupt or truncated input.
    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var produced = 0
        var finished: Int32 = 0
        let status = runtime_inflater_read(
            handle, base.assumingMemoryBound(to: UInt8.self), buffer.count, &produced, &finished)
        isFinished = finished != 0
        guard status == Int32(RUNTIME_ZLIB_OK) else {
            throw WireError(.compressionFailed, "inflate: invalid zlib data: \(String(cString: runtime_inflater_error(handle)))")
        }
        return produced
    }
}
