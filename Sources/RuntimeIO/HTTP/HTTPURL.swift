import RuntimeWire

/// An absolute `http` or `https` URL split into what an HTTP/1.1 client needs.
package struct HTTPURL: Sendable, Hashable {
    /// `http` or `https`, lower-cased.
    package var scheme: String
    /// The host name or IP address, without IPv6 brackets.
    package var host: String
    package var port: Int
    /// The request target: path (at least `/`) and optional `?query`, as given (already escaped).
    package var target: String

    package var isTLS: Bool { scheme == "https" }

    /// The value of the `Host` header: the host (bracketed if IPv6) and the port unless it is
    /// the scheme's default.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = isTLS ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// Parses `scheme://host[:port][/path][?query][#fragment]`; the fragment is dropped.
    /// - Throws: `WireError(.invalidURL)` for another scheme, user info, a missing host, a bad
    ///   port, or spaces and control characters.
    package init(_ text: String) throws {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else {
            throw WireError(.invalidURL, "not an absolute http(s) URL")
        }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw WireError(.invalidURL, "unsupported URL scheme '\(scheme)'")
        }
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw WireError(.invalidURL, "the URL contains spaces or control characters")
        }
        var rest = text[text.index(colon, offsetBy: 3)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.contains("@") else {
            throw WireError(.invalidURL, "user information in URLs is not supported")
        }
        var host: Substring
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else {
                throw WireError(.invalidURL, "unterminated IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw WireError(.invalidURL, "unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw WireError(.invalidURL, "the URL has no host") }
        var port = scheme == "https" ? 443 : 80
        if let portText, !portText.isEmpty {
            guard portText.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(portText),
                value > 0, value <= 65535
            else {
                throw WireError(.invalidURL, "invalid port '\(portText)'")
            }
            port = value
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.target = target
    }
}
