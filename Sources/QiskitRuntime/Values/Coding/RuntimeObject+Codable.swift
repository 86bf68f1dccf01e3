extension RuntimeObject: Codable {
    /// Decodes an object (any decoder); over a ``RuntimeValue`` the members keep their order.
    public init(from decoder: any Decoder) throws {
        let value = try RuntimeValue(from: decoder)
        guard let object = value.objectValue else { throw CodingPath.mismatch("an object", value, decoder.codingPath) }
        self = object
    }

    /// Encodes the object.
    public func encode(to encoder: any Encoder) throws {
        try RuntimeValue.object(self).encode(to: encoder)
    }
}
