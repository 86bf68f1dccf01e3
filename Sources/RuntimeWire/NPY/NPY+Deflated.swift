extension NPY {
    /// Reads a `.npy` file compressed as one zlib stream (the ndarray payload of the service):
    /// the same result and the same errors as `NPY.read(Zlib.inflate(bytes, maxOutput:))`.
    ///
    /// The usual case is inflated in place: first the preamble and header, then exactly the data
    /// bytes the header calls for, straight into the array's storage (no oversized buffer, no
    /// copies). Anything irregular (corrupt stream, a size that does not match, output over the
    /// limit) is decoded again through the one-shot path, which reports the precise error.
    /// - Throws: `RuntimeError` `.compressionFailed` (zlib) or `.invalidNPY`.
    package static func read(deflated bytes: [UInt8], maxOutput: Int) throws -> NPYArray {
        if let array = readInPlace(deflated: bytes, maxOutput: maxOutput) { return array }
        return try read(Zlib.inflate(bytes, maxOutput: maxOutput))
    }

    /// The largest header the in-place path accepts; bigger ones take the one-shot path.
    private static let maximumInPlaceHeader = 1 << 20

    private static func readInPlace(deflated bytes: [UInt8], maxOutput: Int) -> NPYArray? {
        try? Zlib.withInflater(bytes) { inflater -> NPYArray? in
            // Magic, version, and the 2- or 4-byte header length (12 bytes cover both).
            var preamble = [UInt8](repeating: 0, count: 12)
            guard try preamble.withUnsafeMutableBytes({ try inflater.read(into: $0) }) == 12 else { return nil }
            guard preamble.starts(with: magic), preamble[7] == 0 else { return nil }
            let major = preamble[6]
            let headerLength: Int
            let headerStart: Int
            switch major {
            case 1:
                headerLength = Int(preamble[8]) | Int(preamble[9]) << 8
                headerStart = 10
            case 2, 3:
                headerLength = Int(preamble[8]) | Int(preamble[9]) << 8 | Int(preamble[10]) << 16 | Int(preamble[11]) << 24
                headerStart = 12
            default:
                return nil
            }
            let dataStart = headerStart + headerLength
            guard dataStart >= 12, headerLength <= maximumInPlaceHeader, dataStart <= maxOutput else { return nil }
            var head = preamble
            head += [UInt8](repeating: 0, count: dataStart - 12)
            let wanted = dataStart - 12
            if wanted > 0 {
                let read = try head.withUnsafeMutableBytes { buffer in
                    try inflater.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[12...]))
                }
                guard read == wanted else { return nil }
            }
            let header = try NPYHeaderParser.parse(head[headerStart..<dataStart], utf8: major == 3, baseOffset: headerStart)
            guard let expected = NPYArray.byteCount(dtype: header.dtype, shape: header.shape),
                  expected <= maxOutput - dataStart
            else { return nil }
            var complete = true
            let data = try [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
                let read = try inflater.read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = read
                complete = read == expected
            }
            guard complete else { return nil }
            if !inflater.isFinished {
                // The stream must end exactly here: one more byte means the sizes disagree.
                var extra: UInt8 = 0
                let more = try withUnsafeMutableBytes(of: &extra) { try inflater.read(into: $0) }
                guard more == 0, inflater.isFinished else { return nil }
            }
            return NPYArray(dtype: header.dtype, shape: header.shape, fortranOrder: header.fortranOrder, data: data)
        }
    }
}
