/// The result of an Estimator job: one ``EstimatorPubResult`` per pub, in the order submitted, and
/// the job's metadata (qiskit's `PrimitiveResult` of `PubResult`s).
///
/// Both wire forms read to the same value: the tagged form (float64 ndarrays) and the plain form
/// (numbers or nested lists), PLATFORM.md §5.
///
/// ```swift
/// let result = try await job.result(as: EstimatorResult.self)
/// print(result[0].evs, result[0].stds)
/// ```
public struct EstimatorResult: PrimitiveResultDecodable, Hashable, RandomAccessCollection {
    /// The pub results in submission order.
    public let pubResults: [EstimatorPubResult]
    /// The job's metadata as sent (`dynamical_decoupling`, `twirling`, `resilience`, `version`…).
    public let metadata: RuntimeObject
    /// When the data were taken (`metadata.execution.execution_spans`); empty when not sent.
    public let executionSpans: [ExecutionSpan]

    /// Creates a result.
    public init(pubResults: [EstimatorPubResult], metadata: RuntimeObject = [:], executionSpans: [ExecutionSpan] = []) {
        self.pubResults = pubResults
        self.metadata = metadata
        self.executionSpans = executionSpans
    }

    /// Reads an estimator result from the decoded result value, in either wire form.
    /// - Throws: `RuntimeError(.decodingFailed)` naming the part that does not match (missing
    ///   `evs`, ragged lists, `stds` of another shape).
    public init(_ value: RuntimeValue) throws {
        let (pubs, metadata, reader) = try Self.pubResults(value)
        pubResults = try pubs.enumerated().map { try EstimatorPubResult($1, reader.appending("[\($0)]")) }
        self.metadata = metadata
        executionSpans = try ExecutionSpan.spans(in: metadata, PrimitiveValueReader("metadata"))
    }

    /// The first pub position.
    public var startIndex: Int { 0 }
    /// One past the last pub.
    public var endIndex: Int { pubResults.count }
    /// The result of pub `index`.
    public subscript(index: Int) -> EstimatorPubResult { pubResults[index] }
}
