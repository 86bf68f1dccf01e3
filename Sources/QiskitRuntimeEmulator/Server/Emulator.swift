import QiskitRuntime
import RuntimeIO
import RuntimeWire

/// Runs an emulator on a TCP port.
///
/// ```swift
/// let emulator = try await Emulator.start(configuration: .init(apiToken: "token"))
/// // point a client at emulator.url (auth: url/api, runtime: url/runtime)
/// await emulator.shutdown()
/// ```
///
/// Prefer ``withEmulator(configuration:host:port:isolation:_:)`` when the emulator serves one
/// scope (a sample, a test): it shuts the emulator down however the scope ends.
///
/// The emulator is served by RuntimeIO's HTTP server on the shared event loop: one I/O thread
/// for every connection, requests handled in tasks of their own.
///
/// Every connection costs a file descriptor. The server keeps at most
/// ``EmulatorConfiguration/maxConnections`` open, lowered to the process's file-descriptor limit
/// minus a reserve of up to 64 for the process itself (``RunningEmulator/maxConnections`` tells
/// the result). A program that serves many connections should raise its soft limit first, as
/// the `qiskit-runtime-emulator` command does: call ``raiseFileDescriptorLimit()`` at start.
public enum Emulator {
    /// Starts serving a new ``EmulatorService`` on `host:port`.
    /// - Parameters:
    ///   - configuration: the emulator's configuration.
    ///   - host: the address to listen on; loopback by default. Any other address needs
    ///     credentials of your own: the public defaults ``EmulatorConfiguration/defaultAPIToken``
    ///     and ``EmulatorConfiguration/defaultIAMAPIKey`` are refused there.
    ///   - port: the port; 0 picks a free ephemeral port (see ``RunningEmulator/port``).
    /// - Throws: `RuntimeError(.connectionFailed)` when the address cannot be bound;
    ///   `RuntimeError(.invalidConfiguration)` for a non-loopback `host` with a public default
    ///   credential.
    public static func start(
        configuration: EmulatorConfiguration = EmulatorConfiguration(), host: String = "127.0.0.1", port: Int = 0
    ) async throws -> RunningEmulator {
        if !isLoopback(host: host),
           configuration.apiToken == EmulatorConfiguration.defaultAPIToken
            || configuration.iamAPIKey == EmulatorConfiguration.defaultIAMAPIKey {
            throw RuntimeError(
                .invalidConfiguration,
                "refusing to serve on \(host), which is not a loopback address, with a public default credential: "
                    + "set apiToken and iamAPIKey to secrets (EmulatorConfiguration.makeSecret())")
        }
        let service = EmulatorService(configuration: configuration)
        service.setStreamHandler(JobStream.handler(for: service))
        let limits = configuration.limits
        let timeouts = HTTPServerTimeouts(
            requestHead: limits.requestHeadTimeout, keepAliveIdle: limits.keepAliveTimeout,
            request: limits.requestTimeout, write: limits.writeTimeout)
        let server: HTTPServer
        do {
            server = try await HTTPServer.start(
                host: host, port: port, timeouts: timeouts, maxConnections: configuration.maxConnections
            ) { [service] request in
                await service.handle(request)
            }
        } catch {
            throw RuntimeError.converting(error)
        }
        return RunningEmulator(service: service, server: server, host: host)
    }

    /// Whether `host`, an address to listen on, is loopback: `localhost`, in `127.0.0.0/8`,
    /// `::1` (bracketed or not) or IPv4-mapped loopback. `0.0.0.0`, `::` and every other address
    /// are not: other machines may reach them.
    public static func isLoopback(host: String) -> Bool {
        TCPListener.isLoopback(host: host)
    }

    /// Raises the process's soft limit of open files (`RLIMIT_NOFILE`) to its hard limit and
    /// returns the new soft limit (`Int.max` when unlimited). Call it once at start in a program
    /// that serves many connections; the emulator's connection limit follows the soft limit in
    /// force when ``start(configuration:host:port:)`` runs.
    @discardableResult
    public static func raiseFileDescriptorLimit() -> Int {
        FileDescriptorLimit.raiseToHardLimit()
    }
}
