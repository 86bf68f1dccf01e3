/// How the emulator runs Sampler and Estimator jobs on its statevector simulator (the v1
/// programs `sampler` and `estimator`).
///
/// ```swift
/// var configuration = EmulatorConfiguration()
/// configuration.platform.simulator.noise = true       // readout and gate errors from properties
/// configuration.platform.simulator.maxQubits = 20     // refuse larger circuits
/// ```
public struct SimulatorConfiguration: Sendable, Hashable {
    /// Adds noise from each backend's calibration: readout errors flip measured bits, gate
    /// errors insert random Paulis per shot (see Docs/Emulator.md). Off by default: results are
    /// those of an ideal device.
    public var noise: Bool
    /// The most qubits a circuit may act on (the statevector takes 16 × 2^n bytes: 26 qubits
    /// need 1 GiB). Larger circuits fail with a clear reason. 26 by default, at most 30.
    public var maxQubits: Int
    /// With noise on, the most noise trajectories the Estimator averages per parameter set
    /// (each is a simulation of the circuit). 256 by default.
    public var estimatorTrajectories: Int
    /// Called on the simulator's thread with the job id before a job's simulation starts (tests
    /// block it to check that the emulator stays responsive).
    package var willSimulate: (@Sendable (String) -> Void)?

    /// Creates a configuration; the defaults are no noise, at most 26 qubits and 256 Estimator
    /// trajectories.
    public init(noise: Bool = false, maxQubits: Int = 26, estimatorTrajectories: Int = 256) {
        self.noise = noise
        self.maxQubits = maxQubits
        self.estimatorTrajectories = estimatorTrajectories
    }

    /// Equal settings (the test hook is not compared).
    public static func == (lhs: SimulatorConfiguration, rhs: SimulatorConfiguration) -> Bool {
        lhs.noise == rhs.noise && lhs.maxQubits == rhs.maxQubits && lhs.estimatorTrajectories == rhs.estimatorTrajectories
    }

    /// Hashes the settings (not the test hook).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(noise)
        hasher.combine(maxQubits)
        hasher.combine(estimatorTrajectories)
    }
}
