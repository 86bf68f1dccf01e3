/// A primitive's typed result, read from the decoded result value (``SamplerResult``,
/// ``EstimatorResult``).
///
/// Reading is a pure function of the ``RuntimeValue`` the SDK's decoder produced, so it composes
/// with any way of getting that value: ``RuntimeJob/result(as:timeout:)``, a
/// ``PrimitiveResultDecoder``, or ``RuntimeValue/decode(as:)``.
public protocol PrimitiveResultDecodable: Decodable, Sendable {
    /// Reads the result from a decoded result value, in either wire form (PLATFORM.md §5): the
    /// tagged `PrimitiveResult` or the plain `{"results": […]}`.
    /// - Throws: `RuntimeError(.decodingFailed)` naming the place that does not match.
    init(_ value: RuntimeValue) throws
}

extension PrimitiveResultDecodable {
    /// Decodes result text (RuntimeEncoder JSON) and reads the result from it.
    /// - Throws: `RuntimeError(.invalidJSON)` for text that is not JSON,
    ///   `RuntimeError(.invalidValue)` for a malformed tagged value, `RuntimeError(.decodingFailed)`
    ///   when the value is not this kind of result.
    public init(json: String) throws {
        try self.init(try RuntimeValue(validatingJSON: json))
    }

    /// Decodes through a ``RuntimeValue`` decoder (``RuntimeValue/decode(as:)``,
    /// ``RuntimeJob/result(as:timeout:)``); other decoders read plain JSON first.
    public init(from decoder: any Decoder) throws {
        try self.init(try RuntimeValue(from: decoder))
    }

    /// The pub results of either form: `PrimitiveResult.__value__.pub_results` or `results`, and
    /// the top-level metadata.
    static func pubResults(_ value: RuntimeValue) throws -> (pubs: [RuntimeValue], metadata: RuntimeObject, reader: PrimitiveValueReader) {
        let (tag, payload) = PrimitiveValueReader.untag(value)
        let reader = PrimitiveValueReader("")
        guard let object = payload.objectValue else {
            throw reader.error("expected a PrimitiveResult or a {\"results\": …} object, found \(PrimitiveValueReader.kind(value))")
        }
        let key = tag == "PrimitiveResult" || object["pub_results"] != nil ? "pub_results" : "results"
        let pubs = try reader.appending(key).array(object[key])
        return (pubs, object["metadata"]?.objectValue ?? [:], reader.appending(key))
    }
}
