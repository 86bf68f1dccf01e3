/// Runs `body` with a connected ``RuntimeService`` and shuts the service down afterwards, whether
/// `body` returns, throws or its task is cancelled.
///
/// The service lives exactly as long as `body`: its own HTTP transport is shut down with it (a
/// transport passed in through the configuration stays the caller's to shut down).
///
/// - Parameters:
///   - configuration: the service's configuration.
///   - isolation: the actor `body` runs on; the caller's by default, so `body` may use the
///     caller's non-`Sendable` state.
///   - body: what to do with the service.
/// - Returns: what `body` returns.
public func withRuntimeService<Result>(
    configuration: RuntimeConfiguration,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RuntimeService) async throws -> Result
) async throws -> Result {
    let service = try await RuntimeService(configuration: configuration)
    let result: Result
    do {
        result = try await body(service)
    } catch {
        await service.shutdown()
        throw error
    }
    await service.shutdown()
    return result
}
