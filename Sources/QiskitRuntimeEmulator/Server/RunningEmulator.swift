#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuntimeIO

/// An emulator serving on a port, as ``Emulator/start(configuration:host:port:)`` returns it.
public final class RunningEmulator: Sendable {
    /// The service model behind the server: subscribe to jobs, inject faults, read statuses.
    public let service: EmulatorService
    /// The port the emulator listens on.
    public let port: Int
    /// The most connections served at once: ``EmulatorConfiguration/maxConnections``, lowered
    /// to what the process's file-descriptor limit allows when it was started.
    public var maxConnections: Int { server.maxConnections }
    /// The base URL, such as `http://127.0.0.1:50123`; the legacy auth URL is ``authURL``, the
    /// runtime base ``runtimeURL``.
    public let baseURL: String
    private let server: HTTPServer

    init(service: EmulatorService, server: HTTPServer, host: String) {
        self.service = service
        self.server = server
        self.port = server.port
        let hostPart = host.contains(":") ? "[\(host)]" : host
        self.baseURL = "http://\(hostPart):\(server.port)"
    }

    /// ``baseURL`` as a URL (`nil` only for a host that cannot appear in a URL).
    public var url: URL? { URL(string: baseURL) }

    /// The URL of the legacy auth API, `{baseURL}/api` (`IBMQ.enable_account(token, url=…)`).
    public var authURL: String { baseURL + "/api" }

    /// The runtime base URL, `{baseURL}/runtime` (what `urls.services.runtime` announces).
    public var runtimeURL: String { baseURL + "/runtime" }

    /// Stops accepting connections, closes the open ones, and returns when the server stopped.
    public func shutdown() async {
        await server.shutdown()
    }
}
