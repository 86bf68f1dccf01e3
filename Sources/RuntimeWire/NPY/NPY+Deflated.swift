extension NPY {
    /// Reads a `.npy` file compressed as one zlib stream (the ndarray payload of the service):
    /// the same result and the same errors as `NPY.read(Zlib.inflate(bytes, maxOutput:))`.
    ///
    /// The usual case is inflated in place: first the preamble and header, then exactly the data
    /// bytes the header calls for, straight into the array's storage (no oversized buffer, no
    /// copies). Anything irregular (corrupt stream, a size that does not match, output over the
    /// limit) is decoded again through the one-shot path, which reports the precise error.
    /// - Throws: `WireError` `.compressionFailed` (zlib) or `.invalidNPY`.
    package static func read(deflated bytes: [UInt8], maxOutput: Int) throws -> NPYArray {
        if let array = readInPlace(deflated: bytes, maxOutput: maxOutput, admit: { _ in true }) { return array }
        return try read(Zlib.inflate(bytes, maxOutput: maxOutput))
    }

    /// Reads a `.npy` zlib stream like ``read(deflated:maxOutput:)``, drawing the memory of the
    /// array from `allowance` (the decode budget of the document it belongs to):
    ///
    /// - When the stream starts with a regular preamble and header, the size they declare (the
    ///   whole file) is reserved after inflating only them, before any data byte is inflated; if
    ///   the allowance does not hold it, the read throws `.decodeBudgetExceeded` at once.
    /// - Otherwise (irregular input, whose precise error the one-shot path reports), the stream is
    ///   inflated with an output limit of what the allowance still holds (at most `maxOutput`),
    ///   all of it reserved while it runs; output over that limit throws `.decodeBudgetExceeded`
    ///   when the allowance was the tighter limit. This path must not run concurrently with other
    ///   reads from the same allowance (it would starve them); ``declaredSize(deflated:)`` lets
    ///   concurrent callers reserve first.
    ///
    /// What the returned array holds stays reserved.
    /// - Throws: `WireError` `.decodeBudgetExceeded`, `.compressionFailed` or `.invalidNPY`.
    package static func read(deflated bytes: [UInt8], maxOutput: Int, allowance: ByteAllowance) throws -> NPYArray {
        var reserved = 0
        var refused: Int?
        let array = readInPlace(deflated: bytes, maxOutput: maxOutput) { size in
            guard allowance.reserve(size) else {
                refused = size
                return false
            }
            reserved = size
            return true
        }
        if let array { return array }
        if let refused { throw allowance.exceeded(needing: refused) }
        allowance.release(reserved)
        let limit = min(max(maxOutput, 0), allowance.available)
        guard allowance.reserve(limit) else { throw allowance.exceeded() }
        do {
            let budgetBound = limit < maxOutput
            let array = try read(Zlib.inflate(bytes, maxOutput: limit, limitError: budgetBound ? allowance.exceeded() : nil))
            allowance.release(limit - array.data.count)
            return array
        } catch {
            allowance.release(limit)
            throw error
        }
    }

    /// The size of the `.npy` file in a zlib stream as its preamble and header declare it
    /// (preamble, header and data bytes), found by inflating only those; nil when the stream
    /// does not start with a regular preamble and header (then only a full read tells).
    package static func declaredSize(deflated bytes: [UInt8]) -> Int? {
        var size: Int?
        _ = try? Zlib.withInflater(bytes) { inflater -> Void in
            guard let head = try? readHead(&inflater) else { return }
            size = head.declaredSize
        }
        return size
    }

    /// The largest header the in-place path accepts; bigger ones take the one-shot path.
    private static let maximumInPlaceHeader = 1 << 20

    /// A preamble and header read from the start of a stream.
    private struct Head {
        var header: NPYHeaderParser.Header
        var dataStart: Int
        /// The data bytes the header calls for.
        var expected: Int
        var declaredSize: Int { dataStart + expected }
    }

    /// Inflates and parses the preamble and header; nil when they are not regular.
    private static func readHead(_ inflater: inout ZlibInflater) throws -> Head? {
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
        guard dataStart >= 12, headerLength <= maximumInPlaceHeader else { return nil }
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
              expected <= Int.max - dataStart
        else { return nil }
        return Head(header: header, dataStart: dataStart, expected: expected)
    }

    /// The in-place read: nil when anything is irregular or `admit` refuses the declared size
    /// (called once, after the header, before the data is allocated). Callers that reserved the
    /// declared size (``declaredSize(deflated:)``) beforehand admit exactly that size.
    package static func readInPlace(deflated bytes: [UInt8], maxOutput: Int, admit: (Int) -> Bool) -> NPYArray? {
        try? Zlib.withInflater(bytes) { inflater -> NPYArray? in
            guard let head = try readHead(&inflater) else { return nil }
            guard admit(head.declaredSize) else { return nil }
            let expected = head.expected
            guard head.declaredSize <= maxOutput else { return nil }
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
            return NPYArray(
                dtype: head.header.dtype, shape: head.header.shape, fortranOrder: head.header.fortranOrder, data: data)
        }
    }
}
