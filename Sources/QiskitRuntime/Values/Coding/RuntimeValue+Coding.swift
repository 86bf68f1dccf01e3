extension RuntimeValue {
    /// Decodes this value as a `Decodable` type, without going through JSON text.
    ///
    /// Tagged values map to Swift types: a `complex` to ``Complex``, an `ndarray` to ``NDArray``
    /// (or to nested arrays such as `[Double]` or `[[Int]]`), a `datetime` to `Date` (a naive
    /// datetime is read as UTC) or ``RuntimeDateTime``, a `set` to an array; NaN and infinities
    /// decode as `Double`; any field can also be a ``RuntimeValue``.
    ///
    /// ```swift
    /// struct Energies: Decodable { var values: [Double]; var phase: Complex; var finished: Date }
    /// let energies = try value.decode(as: Energies.self)
    /// ```
    /// - Throws: `RuntimeError(.decodingFailed)` naming the coding path, such as
    ///   `at results[0].shots: expected an integer, found a string`.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try TypedValueDecoder.unbox(self, as: type, codingPath: [])
    }

    /// Encodes an `Encodable` value, without going through JSON text. ``Complex``, ``NDArray``,
    /// `Date` and ``RuntimeDateTime`` fields become their tagged values.
    /// - Throws: `RuntimeError(.encodingFailed)` when the value's `encode(to:)` throws.
    public init<T: Encodable>(encoding value: T) throws {
        let box = TypedEncodingBox()
        do {
            try TypedValueEncoder.box(value, into: box, codingPath: [])
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError(.encodingFailed, "\(error)")
        }
        self = box.value
    }
}
