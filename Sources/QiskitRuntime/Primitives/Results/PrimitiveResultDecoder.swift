/// A ``ResultDecoder`` that reads a job's result text as a primitive's typed result.
///
/// ```swift
/// let result = try await job.result(decoder: PrimitiveResultDecoder<SamplerResult>())
/// ```
///
/// The text is decoded by ``RuntimeValue/init(json:decodeBudget:)`` (the SDK's decoder) and then
/// read by ``PrimitiveResultDecodable/init(_:)``.
public struct PrimitiveResultDecoder<Output: PrimitiveResultDecodable>: ResultDecoder {
    /// The memory budget of the arrays of each decoded text.
    public var decodeBudget: RuntimeConfiguration.DecodeBudget

    /// Creates the decoder with the default decode budget.
    public init() {
        decodeBudget = RuntimeConfiguration.DecodeBudget()
    }

    /// Creates the decoder with `decodeBudget` (``RuntimeJob/samplerResult(timeout:)`` passes the
    /// configuration's).
    public init(decodeBudget: RuntimeConfiguration.DecodeBudget) {
        self.decodeBudget = decodeBudget
    }

    /// Decodes `text` and reads it as `Output`.
    /// - Throws: `RuntimeError(.invalidValue)` for a malformed tagged value,
    ///   `RuntimeError(.decodeBudgetExceeded)` for arrays over the budget,
    ///   `RuntimeError(.decodingFailed)` when the result is not of this kind.
    public func decode(_ text: String) throws -> Output {
        try Output(try RuntimeValue(json: text, decodeBudget: decodeBudget))
    }
}
