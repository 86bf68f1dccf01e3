/// How a primitive job's simulation ended.
enum PrimitiveRunOutcome: Sendable {
    /// The result text.
    case completed(String)
    /// The job fails with this reason.
    case failed(JobFailure)
    /// The job was cancelled (or ran past its time limit) while it simulated.
    case cancelled
}
