/// What the simulator computed for a job's pubs, before it is written in one of the result
/// shapes (``PrimitiveResultWriter``).
enum PrimitiveOutputs: Sendable {
    case sampler([SamplerPubOutput])
    case estimator([EstimatorPubOutput])
}
