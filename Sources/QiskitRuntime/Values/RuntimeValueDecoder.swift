/// The default ``ResultDecoder``: RuntimeEncoder JSON text to a ``RuntimeValue``, exactly as
/// Python's `ResultDecoder.decode` (PROTOCOL.md §5.5): tagged values are rebuilt, and text
/// that is not JSON is returned unchanged as `.string(text)`.
public struct RuntimeValueDecoder: ResultDecoder {
    /// Creates the decoder.
    public init() {}

    /// Decodes `text` with ``RuntimeValue/init(json:)``.
    /// - Throws: `RuntimeError(.invalidValue)` for valid JSON holding a malformed tagged value.
    public func decode(_ text: String) throws -> RuntimeValue {
        try RuntimeValue(json: text)
    }
}
