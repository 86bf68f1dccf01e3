import RuntimeIO

/// Runs an emulator on a TCP port.
///
/// ```swift
/// let emulator = try await Emulator.start(configuration: .init(apiToken: "token"))
/// // point a client at emulator.url (auth: url/api, runtime: url/runtime)
/// await emulator.shutdown()
/// ```
///
/// The emulator is served by RuntimeIO's HTTP server on the shared event loop: one I/O thread
/// for every connection, requests handled in tasks of their own.
public enum Emulator {
    /// Starts serving a new ``EmulatorService`` on `host:port`.
    /// - Parameters:
    ///   - configuration: the emulator's configuration.
    ///   - host: the address to listen on; loopback by default.
    ///   - port: the port; 0 picks a free ephemeral port (see ``RunningEmulator/port``).
    /// - Throws: `RuntimeError(.connectionFailed)` when the address cannot be bound.
    public static func start(
        configuration: EmulatorConfiguration = EmulatorConfiguration(), host: String = "127.0.0.1", port: Int = 0
    ) async throws -> RunningEmulator {
        let service = EmulatorService(configuration: configuration)
        service.setStreamHandler(JobStream.handler(for: service))
        let server = try await HTTPServer.start(
            host: host, port: port, maxConnections: configuration.maxConnections
        ) { [service] request in
            await service.handle(request)
        }
        return RunningEmulator(service: service, server: server, host: host)
    }
}
