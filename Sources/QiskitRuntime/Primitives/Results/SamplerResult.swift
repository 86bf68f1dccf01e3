/// The result of a Sampler job: one ``SamplerPubResult`` per pub, in the order submitted, and the
/// job's metadata (qiskit's `PrimitiveResult` of `SamplerPubResult`s).
///
/// Both wire forms read to the same value: the tagged form the Python client asks for
/// (`support_qiskit: true`) and the plain form with hex samples (PLATFORM.md §5).
///
/// ```swift
/// let result = try await job.result(as: SamplerResult.self)
/// for pub in result {
///     print(pub.data["meas"]?.counts() ?? [:])
/// }
/// ```
public struct SamplerResult: PrimitiveResultDecodable, Hashable, RandomAccessCollection {
    /// The pub results in submission order.
    public let pubResults: [SamplerPubResult]
    /// The job's metadata as sent (`execution`, `version`…).
    public let metadata: RuntimeObject
    /// When the data were taken (`metadata.execution.execution_spans`); empty when not sent.
    public let executionSpans: [ExecutionSpan]

    /// Creates a result.
    public init(pubResults: [SamplerPubResult], metadata: RuntimeObject = [:], executionSpans: [ExecutionSpan] = []) {
        self.pubResults = pubResults
        self.metadata = metadata
        self.executionSpans = executionSpans
    }

    /// Reads a sampler result from the decoded result value, in either wire form.
    /// - Throws: `RuntimeError(.decodingFailed)` naming the part that does not match (a data field
    ///   that is not a bit array, ragged sample lists, bad hex, an ndarray of the wrong shape).
    public init(_ value: RuntimeValue) throws {
        let (pubs, metadata, reader) = try Self.pubResults(value)
        pubResults = try pubs.enumerated().map { try SamplerPubResult($1, reader.appending("[\($0)]")) }
        self.metadata = metadata
        executionSpans = try ExecutionSpan.spans(in: metadata, PrimitiveValueReader("metadata"))
    }

    /// The first pub position.
    public var startIndex: Int { 0 }
    /// One past the last pub.
    public var endIndex: Int { pubResults.count }
    /// The result of pub `index`.
    public subscript(index: Int) -> SamplerPubResult { pubResults[index] }
}
