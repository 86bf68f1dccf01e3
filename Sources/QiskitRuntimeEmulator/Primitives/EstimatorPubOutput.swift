/// The result of an Estimator pub.
struct EstimatorPubOutput: Sendable {
    /// The pub's shape (observables broadcast against parameter values).
    var shape: [Int]
    /// Expectation values in C order.
    var evs: [Double]
    /// Their standard errors under the shot-noise model (0 at precision 0).
    var stds: [Double]
    /// The target precision.
    var precision: Double
    /// The shots the precision corresponds to (`ceil(1 / precision²)`; 0 at precision 0).
    var shots: Int
    var window: ExecutionWindow
}
