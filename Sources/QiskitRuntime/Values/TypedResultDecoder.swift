/// A ``ResultDecoder`` that decodes result text into a `Decodable` type through a
/// ``RuntimeValue``, so that complex numbers, ndarrays, datetimes and NaN work.
///
/// ```swift
/// struct Counts: Decodable, Sendable { var counts: [String: Int] }
/// let counts = try await job.result(decoder: TypedResultDecoder<Counts>())
/// ```
public struct TypedResultDecoder<T: Decodable & Sendable>: ResultDecoder {
    /// Creates the decoder.
    public init() {}

    /// Decodes `text` as RuntimeEncoder JSON, then as `T`.
    /// - Throws: `RuntimeError(.invalidValue)` for a malformed tagged value,
    ///   `RuntimeError(.decodingFailed)` when the value does not match `T` (text that is not JSON
    ///   is a string value, so it decodes only as `String`).
    public func decode(_ text: String) throws -> T {
        try RuntimeValue(json: text).decode(as: T.self)
    }
}
