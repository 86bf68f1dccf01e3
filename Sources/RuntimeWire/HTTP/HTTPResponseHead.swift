/// The status line and header section of an HTTP/1.1 response.
package struct HTTPResponseHead: Sendable, Hashable {
    /// The status code, 100 through 999.
    package var status: Int
    /// The reason phrase, possibly empty.
    package var reason: String
    package var headers: HTTPHeaders
    package var version: HTTPVersion

    package init(status: Int, reason: String? = nil, headers: HTTPHeaders = HTTPHeaders(), version: HTTPVersion = .http11) {
        self.status = status
        self.reason = reason ?? Self.standardReason(status)
        self.headers = headers
        self.version = version
    }

    /// Whether the connection may carry another request after this response.
    package var keepAlive: Bool { version.keepAlive(headers) }

    /// The head in wire form, ending with the blank line. Characters that could split a line
    /// (CR, LF, NUL) in the reason or headers are replaced by spaces.
    package func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + headers.fields.count * 32)
        out.append(contentsOf: version.description.utf8)
        out.append(0x20)
        let code = min(max(status, 0), 999)
        out.append(UInt8(48 + code / 100))
        out.append(UInt8(48 + (code / 10) % 10))
        out.append(UInt8(48 + code % 10))
        out.append(0x20)
        HTTPWireWriter.appendSafe(reason, to: &out)
        out.append(contentsOf: [0x0D, 0x0A])
        HTTPWireWriter.appendHeaders(headers, to: &out)
        return out
    }

    /// The usual reason phrase for a status code, or an empty string for an unknown one.
    package static func standardReason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }
}
