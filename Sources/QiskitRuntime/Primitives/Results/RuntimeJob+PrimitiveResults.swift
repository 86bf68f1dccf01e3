extension RuntimeJob {
    /// Waits for a Sampler job and returns its typed result (same as
    /// `result(as: SamplerResult.self, timeout:)`).
    ///
    /// Throws what ``result(timeout:pollInterval:)`` throws, and `RuntimeError(.decodingFailed)`
    /// when the result is not a sampler result.
    public nonisolated(nonsending) func samplerResult(timeout: Duration? = nil) async throws -> SamplerResult {
        try await result(timeout: timeout, decoder: PrimitiveResultDecoder<SamplerResult>())
    }

    /// Waits for an Estimator job and returns its typed result (same as
    /// `result(as: EstimatorResult.self, timeout:)`).
    ///
    /// Throws what ``result(timeout:pollInterval:)`` throws, and `RuntimeError(.decodingFailed)`
    /// when the result is not an estimator result.
    public nonisolated(nonsending) func estimatorResult(timeout: Duration? = nil) async throws -> EstimatorResult {
        try await result(timeout: timeout, decoder: PrimitiveResultDecoder<EstimatorResult>())
    }
}
