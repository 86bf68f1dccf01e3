/// The version of an HTTP/1.x message (`HTTP/1.0` or `HTTP/1.1`).
package struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    package var major: Int
    package var minor: Int

    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    package static let http10 = HTTPVersion(major: 1, minor: 0)
    package static let http11 = HTTPVersion(major: 1, minor: 1)

    /// `HTTP/1.1` and the like.
    package var description: String { "HTTP/\(major).\(minor)" }

    /// Whether a connection carrying a message of this version with these headers stays open:
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    package func keepAlive(_ headers: HTTPHeaders) -> Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if major == 1 && minor == 0 { return headers.containsToken("keep-alive", in: "Connection") }
        return true
    }
}
