/// The default ``ResultDecoder``: RuntimeEncoder JSON text to a ``RuntimeValue``, exactly as
/// Python's `ResultDecoder.decode` (PROTOCOL.md §5.5): tagged values are rebuilt, and text
/// that is not JSON is returned unchanged as `.string(text)`.
public struct RuntimeValueDecoder: ResultDecoder {
    /// The memory budget of the arrays of each decoded text.
    public var decodeBudget: RuntimeConfiguration.DecodeBudget

    /// Creates the decoder with the default decode budget.
    public init() {
        decodeBudget = RuntimeConfiguration.DecodeBudget()
    }

    /// Creates the decoder with `decodeBudget` (pass the configuration's to match what
    /// `RuntimeJob.result()` does).
    public init(decodeBudget: RuntimeConfiguration.DecodeBudget) {
        self.decodeBudget = decodeBudget
    }

    /// Decodes `text` with ``RuntimeValue/init(json:decodeBudget:)``.
    /// - Throws: `RuntimeError(.invalidValue)` for valid JSON holding a malformed tagged value;
    ///   `RuntimeError(.decodeBudgetExceeded)` for arrays over the budget.
    public func decode(_ text: String) throws -> RuntimeValue {
        try RuntimeValue(json: text, decodeBudget: decodeBudget)
    }
}
