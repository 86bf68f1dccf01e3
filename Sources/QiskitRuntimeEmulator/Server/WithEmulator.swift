/// Starts an emulator, runs `body` with it and shuts the emulator down afterwards, whether
/// `body` returns, throws or its task is cancelled: a sample or a test never leaves one running.
///
/// ```swift
/// try await withEmulator { emulator in
///     // point a client at emulator.url (auth: url/api, runtime: url/runtime)
/// }
/// ```
///
/// `body` runs in the caller's isolation (`isolation`, the caller's actor by default), so it may
/// use the caller's state and return a value that is not `Sendable`.
/// - Parameters:
///   - configuration: the emulator's configuration.
///   - host: the address to listen on; loopback by default (see
///     ``Emulator/start(configuration:host:port:)`` for other addresses).
///   - port: the port; 0 picks a free ephemeral port (see ``RunningEmulator/port``).
///   - isolation: where `body` runs; the caller's isolation by default.
///   - body: what to do with the running emulator.
/// - Returns: what `body` returns.
/// - Throws: what ``Emulator/start(configuration:host:port:)`` throws, or what `body` throws
///   (after the emulator has shut down).
public func withEmulator<Result>(
    configuration: EmulatorConfiguration = EmulatorConfiguration(),
    host: String = "127.0.0.1",
    port: Int = 0,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RunningEmulator) async throws -> Result
) async throws -> Result {
    let emulator = try await Emulator.start(configuration: configuration, host: host, port: port)
    let result: Result
    do {
        result = try await body(emulator)
    } catch {
        await emulator.shutdown()
        throw error
    }
    await emulator.shutdown()
    return result
}
