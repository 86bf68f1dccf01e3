extension RuntimeJob {
    /// Waits for a Sampler job and returns its typed result (same as
    /// `result(as: SamplerResult.self, timeout:)`).
    ///
    /// Throws what ``result(timeout:pollInterval:)`` throws, and `RuntimeError(.decodingFailed)`
    /// when the result is not a sampler result.
    public nonisolated(nonsending) func samplerResult(timeout: Duration? = nil) async throws -> SamplerResult {
        try await primitiveResult(timeout: timeout)
    }

    /// Waits for an Estimator job and returns its typed result (same as
    /// `result(as: EstimatorResult.self, timeout:)`).
    ///
    /// Throws what ``result(timeout:pollInterval:)`` throws, and `RuntimeError(.decodingFailed)`
    /// when the result is not an estimator result.
    public nonisolated(nonsending) func estimatorResult(timeout: Duration? = nil) async throws -> EstimatorResult {
        try await primitiveResult(timeout: timeout)
    }

    /// The result read as `Output`, decoded from the body's bytes as ``result(timeout:pollInterval:)``
    /// does (no string copy; within the configuration's decode budget; large ones on the SDK's
    /// compute threads).
    private nonisolated(nonsending) func primitiveResult<Output: PrimitiveResultDecodable>(
        timeout: Duration?
    ) async throws -> Output {
        let raw = try await rawResult(deadline: deadline(after: timeout), pollInterval: nil)
        let budget = client.configuration.decodeBudget
        return try await Self.decode(byteCount: raw.bytes.count) {
            try Output(try RuntimeValue(utf8: raw.bytes, decodeBudget: budget))
        }
    }
}
