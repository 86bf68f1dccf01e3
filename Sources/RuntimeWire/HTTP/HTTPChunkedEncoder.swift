/// Writes bodies in chunked transfer coding (RFC 9112 §7.1).
package enum HTTPChunkedEncoder {
    /// One chunk carrying `data`; empty data gives no bytes (a zero-size chunk would end the body).
    package static func chunk(_ data: some Collection<UInt8>) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        var out = Array(String(data.count, radix: 16).utf8)
        out.reserveCapacity(out.count + data.count + 4)
        out.append(contentsOf: [0x0D, 0x0A])
        out.append(contentsOf: data)
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }

    /// The last chunk and the trailer section that end a chunked body.
    package static func end(trailers: HTTPHeaders = HTTPHeaders()) -> [UInt8] {
        var out: [UInt8] = [0x30, 0x0D, 0x0A]
        HTTPWireWriter.appendHeaders(trailers, to: &out)
        return out
    }

    /// A whole body in chunks of at most `chunkSize` bytes, final chunk included.
    package static func encode(_ body: [UInt8], chunkSize: Int = 16 * 1024) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + body.count / max(chunkSize, 1) * 12 + 16)
        var start = 0
        let step = max(chunkSize, 1)
        while start < body.count {
            let end = min(start + step, body.count)
            out.append(contentsOf: chunk(body[start..<end]))
            start = end
        }
        out.append(contentsOf: end())
        return out
    }
}
