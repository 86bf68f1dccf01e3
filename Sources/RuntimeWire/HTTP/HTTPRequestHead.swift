/// The request line and header section of an HTTP/1.1 request.
package struct HTTPRequestHead: Sendable, Hashable {
    /// The method, such as `GET` (case-sensitive, as sent).
    package var method: String
    /// The request target as sent: normally a path with an optional `?query`, still percent-escaped.
    package var target: String
    package var headers: HTTPHeaders
    package var version: HTTPVersion

    package init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), version: HTTPVersion = .http11) {
        self.method = method
        self.target = target
        self.headers = headers
        self.version = version
    }

    /// Whether the connection may carry another request after this one.
    package var keepAlive: Bool { version.keepAlive(headers) }

    /// The head in wire form, ending with the blank line. Characters that could split a line
    /// (CR, LF, NUL) in the method, target or headers are replaced by spaces.
    package func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + headers.fields.count * 32)
        HTTPWireWriter.appendSafe(method, to: &out)
        out.append(0x20)
        HTTPWireWriter.appendSafe(target, to: &out)
        out.append(0x20)
        out.append(contentsOf: version.description.utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        HTTPWireWriter.appendHeaders(headers, to: &out)
        return out
    }
}
