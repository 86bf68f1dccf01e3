/// A ``ResultDecoder`` that decodes result text into a `Decodable` type through a
/// ``RuntimeValue``, so that complex numbers, ndarrays, datetimes and NaN work.
///
/// ```swift
/// struct Counts: Decodable, Sendable { var counts: [String: Int] }
/// let counts = try await job.result(decoder: TypedResultDecoder<Counts>())
/// ```
public struct TypedResultDecoder<T: Decodable & Sendable>: ResultDecoder {
    /// The memory budget of the arrays of each decoded text.
    public var decodeBudget: RuntimeConfiguration.DecodeBudget

    /// Creates the decoder with the default decode budget.
    public init() {
        decodeBudget = RuntimeConfiguration.DecodeBudget()
    }

    /// Creates the decoder with `decodeBudget` (pass the configuration's to match what
    /// `RuntimeJob.result(as:)` does).
    public init(decodeBudget: RuntimeConfiguration.DecodeBudget) {
        self.decodeBudget = decodeBudget
    }

    /// Decodes `text` as RuntimeEncoder JSON, then as `T`.
    /// - Throws: `RuntimeError(.invalidValue)` for a malformed tagged value,
    ///   `RuntimeError(.decodeBudgetExceeded)` for arrays over the budget,
    ///   `RuntimeError(.decodingFailed)` when the value does not match `T` (text that is not JSON
    ///   is a string value, so it decodes only as `String`).
    public func decode(_ text: String) throws -> T {
        try RuntimeValue(json: text, decodeBudget: decodeBudget).decode(as: T.self)
    }
}
