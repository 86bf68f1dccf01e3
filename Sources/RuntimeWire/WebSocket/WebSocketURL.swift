/// A parsed `ws://` or `wss://` URL: `scheme://host[:port][/path][?query]` (no user info; IPv6
/// literals in brackets). The fragment, if any, is dropped.
package struct WebSocketURL: Sendable, Hashable {
    package var isSecure: Bool
    /// The host without brackets.
    package var host: String
    package var port: Int
    /// The request target: path (at least `/`) plus `?query`.
    package var target: String

    /// The `Host` header value: the host (bracketed when IPv6) and the port when not the default.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// - Throws: `WireError(.invalidURL)` for another scheme, a missing host, user info or a bad port.
    package init(_ text: String) throws {
        var rest: Substring
        if text.lowercased().hasPrefix("ws://") {
            isSecure = false
            rest = text.dropFirst(5)
        } else if text.lowercased().hasPrefix("wss://") {
            isSecure = true
            rest = text.dropFirst(6)
        } else {
            throw WireError(.invalidURL, "a WebSocket URL must start with ws:// or wss://")
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        target = path.isEmpty ? "/" : (path.first == "?" ? "/" + path : String(path))
        guard !authority.contains("@") else { throw WireError(.invalidURL, "user info in a WebSocket URL is not supported") }
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { throw WireError(.invalidURL, "unterminated IPv6 literal") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw WireError(.invalidURL, "unexpected text after the IPv6 literal") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw WireError(.invalidURL, "a WebSocket URL needs a host") }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw WireError(.invalidURL, "invalid port") }
            port = value
        } else {
            port = isSecure ? 443 : 80
        }
    }
}
