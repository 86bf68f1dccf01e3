extension NDArray: Codable {
    /// Decodes the tagged `ndarray` object (any decoder); over a ``RuntimeValue`` the array is taken as is.
    public init(from decoder: any Decoder) throws {
        let value = try RuntimeValue(from: decoder)
        guard case .ndarray(let array) = value else {
            throw CodingPath.mismatch("an ndarray", value, decoder.codingPath)
        }
        self = array
    }

    /// Encodes the tagged `ndarray` object.
    public func encode(to encoder: any Encoder) throws {
        try RuntimeValue.ndarray(self).encode(to: encoder)
    }
}
