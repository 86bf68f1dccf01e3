import QuantumCircuits
import RuntimeIO
import RuntimeWire

/// Everything a primitive job's simulation needs besides its params: the backend's rules and
/// noise, the engine, the seed and the job's cancellation.
struct PrimitiveContext: Sendable {
    /// The backend's instruction set; nil when it accepts any gates.
    var isa: InstructionSetArchitecture?
    /// The backend's number of qubits (observable labels may span it).
    var backendQubits: Int
    /// The backend's `max_shots`, if its configuration has one.
    var maxShots: Int?
    /// The noise to add; nil without noise.
    var noise: NoiseModel?
    /// The engine.
    var simulator: StatevectorSimulator
    /// The job's seed (from the emulator's generator, itself seeded by `--seed`), used when the
    /// options give none.
    var seed: UInt64
    /// With noise, the most trajectories the Estimator averages per parameter set.
    var estimatorTrajectories: Int
    /// Set when the job is cancelled or runs past its time limit.
    var cancellation: ComputeCancellation
    /// The emulator's clock, for execution spans.
    var clock: EmulatorClock

    /// A seed for element `element` of pub `pub` derived from `base`.
    static func seed(_ base: UInt64, pub: Int, element: Int, stream: UInt64 = 0) -> UInt64 {
        var mixer = SplitMix64(seed: base ^ (UInt64(truncatingIfNeeded: pub) &* 0x9E37_79B9_7F4A_7C15))
        var value = mixer.next()
        value ^= UInt64(truncatingIfNeeded: element) &* 0xD1B5_4A32_D192_ED03
        value ^= stream &* 0xA24B_AED4_963E_E407
        var second = SplitMix64(seed: value)
        return second.next()
    }

    /// Checks the circuit of pub `index` against the backend's instruction set.
    /// - Throws: ``JobFailure/isa(_:)`` (1517) naming the first violation's gate, qubits and
    ///   line, as the service does.
    func validate(_ circuit: QuantumCircuit, pub index: Int) throws(JobFailure) {
        guard let isa else { return }
        let violations = circuit.isaViolations(against: isa)
        guard let first = violations.first else { return }
        var message = "Circuits do not match the target definition (non-ISA circuits): pub \(index): \(first)"
        if violations.count > 1 { message += " (and \(violations.count - 1) more)" }
        message += ". Transpile the circuit for the backend (basis gates, coupling map) before submitting it."
        throw .isa(message)
    }

    /// Checks the number of qubits a circuit acts on against the engine's limit.
    /// - Throws: ``JobFailure/validation(_:)`` naming both numbers.
    func checkSize(_ circuit: QuantumCircuit, pub index: Int) throws(JobFailure) {
        let active = circuit.activeQubits.count
        let limit = simulator.options.maxQubits
        guard active <= limit else {
            throw .validation(
                "pub \(index): the circuit acts on \(active) qubits; the emulator simulates at most \(limit) (a statevector takes 16 × 2^n bytes)")
        }
    }

    /// The failure of an engine error in pub `index` (cancellation is rethrown as is).
    static func failure(_ error: any Error, pub index: Int) -> any Error {
        switch error {
        case let failure as JobFailure: return failure
        case is CancellationError: return error
        case let simulation as SimulationError:
            switch simulation.kind {
            case .outOfMemory: return JobFailure.internal("pub \(index): \(simulation.message)")
            case .tooManyQubits, .invalidProgram, .unsupported: return JobFailure.validation("pub \(index): \(simulation.message)")
            }
        case let circuit as CircuitError:
            if circuit.code == .unboundParameter { return JobFailure.mapping("pub \(index): \(circuit)") }
            return JobFailure.validation("pub \(index): \(circuit)")
        default:
            return JobFailure.internal("pub \(index): \(error)")
        }
    }
}
