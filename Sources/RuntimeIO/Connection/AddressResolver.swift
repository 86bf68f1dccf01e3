import CRuntimeShims
import Dispatch
import RuntimeWire

/// Turns a host name into socket addresses without blocking the loop thread or the cooperative
/// pool.
///
/// Numeric IPv4/IPv6 addresses (also in brackets), `localhost` and names under it
/// (`*.localhost`, RFC 6761 §6.3: always loopback) are converted at once, with no DNS. Other names go through glibc's `getaddrinfo`, which can block for seconds; it runs on
/// one shared serial dispatch queue (one helper thread, only while a lookup is running, for the
/// whole process — never one per connection). The awaiting task is resumed early on
/// cancellation or when its deadline passes; the abandoned lookup then finishes in the
/// background and its answer is dropped. Lookups are serialised, which is fine for a client that
/// talks to a handful of hosts.
package enum AddressResolver {
    private static let queue = DispatchQueue(label: "RuntimeIO.AddressResolver")
    private static let maxAddresses = 8

    static func resolve(
        host rawHost: String,
        port: Int,
        loop: EventLoop,
        deadline: ContinuousClock.Instant?
    ) async throws -> [rt_address] {
        guard (1...65_535).contains(port) else {
            throw WireError(.invalidURL, "port \(port) is out of range")
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        guard !host.isEmpty, !host.utf8.contains(0) else {
            throw WireError(.invalidURL, "the host name is empty or invalid")
        }
        if isLocalhostName(host) {
            return lookup("127.0.0.1", port: port, numericOnly: true) + lookup("::1", port: port, numericOnly: true)
        }
        let numeric = lookup(host, port: port, numericOnly: true)
        if !numeric.isEmpty { return numeric }

        let answer = Waiters<[rt_address]>()
        let id = answer.enqueue()
        queue.async {
            var status: Int32 = 0
            let addresses = lookup(host, port: port, numericOnly: false, status: &status)
            if addresses.isEmpty {
                let reason = status < 0 ? String(cString: rt_gai_strerror(status)) : "no address"
                answer.resolve(id, with: .failure(WireError(.connectionFailed, "cannot resolve \(host): \(reason)")))
            } else {
                answer.resolve(id, with: .success(addresses))
            }
        }
        return try await answer.wait(
            id, deadline: deadline, scheduler: loop,
            timeoutError: { WireError(.timedOut, "the deadline passed while resolving \(host)") })
    }

    /// Whether `host` is `localhost` or a name under it (`emulator.localhost`), with or without
    /// the root's trailing dot. RFC 6761 §6.3: such names are loopback, and resolvers should
    /// answer them so without asking DNS; they are, here, never sent to DNS or search domains
    /// (which could map them anywhere). The SDK's loopback rule for plain `http` relies on it.
    package static func isLocalhostName(_ host: String) -> Bool {
        var name = Substring(host.lowercased())
        if name.hasSuffix(".") { name = name.dropLast() }
        return name == "localhost" || name.hasSuffix(".localhost")
    }

    private static func lookup(_ host: String, port: Int, numericOnly: Bool) -> [rt_address] {
        var status: Int32 = 0
        return lookup(host, port: port, numericOnly: numericOnly, status: &status)
    }

    private static func lookup(_ host: String, port: Int, numericOnly: Bool, status: inout Int32) -> [rt_address] {
        var addresses = [rt_address](repeating: rt_address(), count: maxAddresses)
        let count = addresses.withUnsafeMutableBufferPointer { buffer in
            rt_resolve(host, Int32(port), numericOnly ? 1 : 0, buffer.baseAddress, Int32(maxAddresses))
        }
        status = count
        return count > 0 ? Array(addresses.prefix(Int(count))) : []
    }
}
