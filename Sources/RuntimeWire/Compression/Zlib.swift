import CRuntimeShims

/// The zlib container format (RFC 1950).
///
/// Matches Python's `zlib` module: ``deflate(_:level:)`` (through the system's `libz.so.1`,
/// loaded at run time) at the default level 6 produces exactly the bytes of `zlib.compress(data)`
/// (header `78 9c`, Adler-32 trailer), and ``inflate(_:maxOutput:)`` reads one stream and ignores
/// bytes after its end, as `zlib.decompress` does. Inflating uses the package's own inflater
/// (`runtime_inflate.c` in CRuntimeShims) and works without `libz.so.1`.
package enum Zlib {
    /// Whether `libz.so.1` and every symbol the shim needs could be loaded (needed to deflate).
    package static var isAvailable: Bool {
        runtime_zlib_load() == Int32(RUNTIME_ZLIB_OK)
    }

    /// Inflates one zlib stream.
    /// - Parameters:
    ///   - bytes: the zlib stream (header, deflate data, Adler-32 trailer).
    ///   - maxOutput: the largest output accepted; a stream that inflates to more is an error.
    /// - Throws: `WireError` `.compressionFailed` for corrupt or truncated input or output over
    ///   `maxOutput`.
    package static func inflate(_ bytes: [UInt8], maxOutput: Int) throws -> [UInt8] {
        try inflate(bytes, maxOutput: maxOutput, limitError: nil)
    }

    /// Inflates one zlib stream like ``inflate(_:maxOutput:)``, but throws `limitError` instead of
    /// the `.compressionFailed` error when the output would exceed `maxOutput`.
    package static func inflate(_ bytes: [UInt8], maxOutput: Int, limitError: WireError?) throws -> [UInt8] {
        let limit = maxOutput < 0 ? 0 : maxOutput
        return try run("inflate", free: runtime_inflate_free) { output, outputLength, message, capacity in
            bytes.withUnsafeBufferPointer { input in
                runtime_inflate(input.baseAddress, input.count, limit, output, outputLength, message, capacity)
            }
        } limitError: {
            limitError ?? WireError(.compressionFailed, "inflated data exceeds the limit of \(limit) bytes")
        }
    }

    /// Inflates one zlib stream with the system's `libz.so.1`: the reference that tests and the
    /// Inflate fuzz target compare ``inflate(_:maxOutput:)`` with. Same contract and errors.
    /// - Throws: as ``inflate(_:maxOutput:)``; `.libraryUnavailable` when libz cannot be loaded.
    package static func inflateWithSystemLibrary(_ bytes: [UInt8], maxOutput: Int) throws -> [UInt8] {
        let limit = maxOutput < 0 ? 0 : maxOutput
        return try run("inflate", free: runtime_zlib_free) { output, outputLength, message, capacity in
            bytes.withUnsafeBufferPointer { input in
                runtime_zlib_inflate(input.baseAddress, input.count, limit, output, outputLength, message, capacity)
            }
        } limitError: {
            WireError(.compressionFailed, "inflated data exceeds the limit of \(limit) bytes")
        }
    }

    /// Deflates `bytes` into one zlib stream.
    /// - Parameters:
    ///   - bytes: the data to compress.
    ///   - level: 0 (store) to 9 (best), or -1 for zlib's default (6).
    /// - Throws: `WireError` `.compressionFailed` for a bad level or a zlib failure;
    ///   `.libraryUnavailable` when libz cannot be loaded.
    package static func deflate(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        try run("deflate", free: runtime_zlib_free) { output, outputLength, message, capacity in
            bytes.withUnsafeBufferPointer { input in
                runtime_zlib_deflate(input.baseAddress, input.count, level, output, outputLength, message, capacity)
            }
        } limitError: {
            WireError(.compressionFailed, "deflate output exceeds its limit")
        }
    }

    /// Runs `body` with a streaming inflater over `bytes`.
    /// - Throws: `WireError(.compressionFailed)` when the inflater cannot be allocated;
    ///   whatever `body` throws.
    package static func withInflater<Result>(
        _ bytes: [UInt8], _ body: (inout ZlibInflater) throws -> Result
    ) throws -> Result {
        try bytes.withUnsafeBufferPointer { input in
            guard let handle = runtime_inflater_new(input.baseAddress, input.count) else {
                throw WireError(.compressionFailed, "inflate: out of memory")
            }
            var inflater = ZlibInflater(handle: handle)
            return try body(&inflater)
        }
    }

    private static func run(
        _ operation: String,
        free: (UnsafeMutableRawPointer?) -> Void,
        _ call: (
            UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
            UnsafeMutablePointer<CChar>?, Int
        ) -> Int32,
        limitError: () -> WireError
    ) throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>? = nil
        var outputLength = 0
        let messageCapacity = 256
        var messageBuffer = [CChar](repeating: 0, count: messageCapacity)
        let status = messageBuffer.withUnsafeMutableBufferPointer { message in
            call(&output, &outputLength, message.baseAddress, messageCapacity)
        }
        defer { free(output) }
        let message = messageBuffer.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        switch Int(status) {
        case Int(RUNTIME_ZLIB_OK):
            guard let output, outputLength > 0 else { return [] }
            return Array(UnsafeBufferPointer(start: output, count: outputLength))
        case Int(RUNTIME_ZLIB_UNAVAILABLE):
            throw WireError(.libraryUnavailable, "zlib is unavailable: \(message)")
        case Int(RUNTIME_ZLIB_LIMIT_EXCEEDED):
            throw limitError()
        case Int(RUNTIME_ZLIB_DATA_ERROR):
            throw WireError(.compressionFailed, "\(operation): invalid zlib data: \(message)")
        case Int(RUNTIME_ZLIB_NO_MEMORY):
            throw WireError(.compressionFailed, "\(operation): out of memory")
        default:
            throw WireError(.compressionFailed, "\(operation) failed: \(message)")
        }
    }
}
