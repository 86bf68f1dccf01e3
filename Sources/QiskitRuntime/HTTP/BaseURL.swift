import RuntimeIO

/// A base URL of the service (`https://host[:port]/prefix`), checked once, with the facts the
/// SDK needs: whether it is plain HTTP, and whether its host is loopback.
struct BaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL without a trailing `/`.
    let text: String
    /// `http` or `https`.
    let scheme: String
    /// The host, without brackets for IPv6.
    let host: String

    /// Parses `text`; anything but an absolute `http`/`https` URL with a host is `.invalidURL`.
    init(_ text: String) throws {
        var trimmed = Substring(text)
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        let lower = trimmed.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            scheme = "https"
            rest = trimmed.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            scheme = "http"
            rest = trimmed.dropFirst(7)
        } else {
            throw RuntimeError(.invalidURL, "not an http or https URL: \(text)")
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        var host: Substring
        if hostPort.hasPrefix("[") {
            host = hostPort.dropFirst().prefix { $0 != "]" }
        } else {
            host = hostPort.prefix { $0 != ":" }
        }
        guard !host.isEmpty else { throw RuntimeError(.invalidURL, "URL without a host: \(text)") }
        host = Substring(host.lowercased())
        self.host = String(host)
        self.text = String(trimmed)
    }

    /// Whether the host is `localhost` or a name under it, in `127.0.0.0/8`, or `::1`.
    ///
    /// Names under `localhost` (`emulator.localhost`) count because the SDK's own transports
    /// resolve them to the loopback addresses without asking DNS (RFC 6761 §6.3); an
    /// ``HTTPTransport`` of your own must do the same, or refuse them.
    var isLoopback: Bool {
        if AddressResolver.isLocalhostName(host) || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Whether a credential may be sent to this URL.
    func allowsCredentials(insecureAllowed: Bool) -> Bool {
        scheme == "https" || isLoopback || insecureAllowed
    }

    /// The URL of `path` (already escaped, starting with `/`) and `query` under this base.
    func appending(path: String, query: String = "") -> String {
        text + path + query
    }

    var description: String { text }
}
