/// A ``ResultDecoder`` that reads a job's result text as a primitive's typed result.
///
/// ```swift
/// let result = try await job.result(decoder: PrimitiveResultDecoder<SamplerResult>())
/// ```
///
/// The text is decoded by ``RuntimeValue/init(json:)`` (the SDK's decoder) and then read by
/// ``PrimitiveResultDecodable/init(_:)``.
public struct PrimitiveResultDecoder<Output: PrimitiveResultDecodable>: ResultDecoder {
    /// Creates the decoder.
    public init() {}

    /// Decodes `text` and reads it as `Output`.
    /// - Throws: `RuntimeError(.invalidValue)` for a malformed tagged value,
    ///   `RuntimeError(.decodingFailed)` when the result is not of this kind.
    public func decode(_ text: String) throws -> Output {
        try Output(try RuntimeValue(json: text))
    }
}
