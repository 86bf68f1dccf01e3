extension RuntimeDateTime: Codable {
    /// Decodes a tagged `datetime` or plain ISO text.
    public init(from decoder: any Decoder) throws {
        let value = try RuntimeValue(from: decoder)
        switch value {
        case .datetime(let date): self = date
        case .string(let text):
            do {
                self = try RuntimeDateTime(isoText: text)
            } catch {
                throw RuntimeError(.decodingFailed, "at \(CodingPath.describe(decoder.codingPath)): not an ISO 8601 datetime")
            }
        default: throw CodingPath.mismatch("a datetime", value, decoder.codingPath)
        }
    }

    /// Encodes the tagged `datetime` object.
    public func encode(to encoder: any Encoder) throws {
        try RuntimeValue.datetime(self).encode(to: encoder)
    }
}
