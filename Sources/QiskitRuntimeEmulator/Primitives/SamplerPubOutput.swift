/// The result of a Sampler pub.
struct SamplerPubOutput: Sendable {
    /// The pub's shape (its parameter sweep's shape).
    var shape: [Int]
    var shots: Int
    /// One entry per classical register of the circuit, in declaration order.
    var registers: [RegisterSamples]
    var window: ExecutionWindow
}
