/// Runs `body` with a connected ``RuntimeService`` and shuts the service down afterwards, whether
/// `body` returns, throws or its task is cancelled.
/// - Parameters:
///   - configuration: the service's configuration.
///   - body: what to do with the service.
/// - Returns: what `body` returns.
public func withRuntimeService<Result>(
    configuration: RuntimeConfiguration,
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
