#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime
import QuantumCircuits
import RuntimeWire

/// Runs one Estimator pub on the engine: reads and validates its circuit and observables,
/// broadcasts the observables against the parameter sets, simulates each parameter set once and
/// measures every observable it meets exactly. Runs on a simulator thread.
///
/// **Shot-noise model.** A pub of precision p > 0 stands for N = ⌈1/p²⌉ shots. For
/// O = Σ c_k P_k with exact Pauli expectations ⟨P_k⟩, the standard error is
/// σ = p · √(Σ c_k² (1 − ⟨P_k⟩²)) (each term estimated from N single-shot ±1 outcomes), and the
/// reported value is ⟨O⟩ + σ·z with z a standard normal drawn from the seed (`seed_estimator`,
/// else the job's seed). `stds` and `ensemble_standard_error` are σ. At precision 0 the values are
/// exact and σ = 0.
struct EstimatorPubRunner {
    let context: PrimitiveContext
    let options: PrimitiveOptions
    /// `resilience_level`; below 1 the readout error of a noisy backend attenuates the values.
    let resilienceLevel: Int?

    func run(_ pub: [JSONValue], index: Int) throws -> EstimatorPubOutput {
        let start = context.clock.microsecondsSince1970
        let circuit = try PubCircuit.read(pub[0], pub: index)
        try context.validate(circuit, pub: index)
        let observables = try PubObservables(pub[1], widths: [circuit.qubitCount, context.backendQubits], pub: index)
        let sweep = try ParameterSweep(pub[2], circuit: circuit, pub: index)
        let precision = try precisionValue(pub[3], pub: index)
        try context.checkSize(circuit, pub: index)
        guard let shape = ShapeMath.broadcast(observables.shape, sweep.shape),
              let count = ArrayShape.count(shape, limit: PubObservables.maximumCount) else {
            throw JobFailure.mapping(
                "pub \(index): the observables' shape \(ShapeMath.describe(observables.shape)) and the parameter values' shape \(ShapeMath.describe(sweep.shape)) do not broadcast")
        }
        let observableIndex = ArrayShape.sourceIndices(of: observables.shape, in: shape)
        let rowIndex = ArrayShape.sourceIndices(of: sweep.shape, in: shape)
        var elementsOfRow = [[Int]](repeating: [], count: sweep.count)
        for element in 0..<count { elementsOfRow[rowIndex[element]].append(element) }

        var exact = [Double](repeating: 0, count: count)
        var variance = [Double](repeating: 0, count: count)
        for (row, elements) in elementsOfRow.enumerated() where !elements.isEmpty {
            try context.cancellation.check()
            do {
                let bound = try circuit.bindingParameters(sweep.rows[row])
                let wanted = Array(Set(elements.map { observableIndex[$0] })).sorted()
                let termValues = try pauliExpectations(
                    bound, observables: wanted.map { observables.observables[$0] },
                    seed: PrimitiveContext.seed(options.seedSimulator ?? context.seed, pub: index, element: row, stream: 2))
                var valuesOf: [Int: [Double]] = [:]
                for (k, observable) in wanted.enumerated() { valuesOf[observable] = termValues[k] }
                for element in elements {
                    let observable = observables.observables[observableIndex[element]]
                    let values = valuesOf[observableIndex[element]] ?? []
                    var ev = 0.0
                    var spread = 0.0
                    for (term, value) in zip(observable, values) {
                        ev += term.coefficient * value
                        spread += term.coefficient * term.coefficient * max(0, 1 - value * value)
                    }
                    exact[element] = ev
                    variance[element] = spread
                }
            } catch {
                throw PrimitiveContext.failure(error, pub: index)
            }
        }
        var generator = SplitMix64(seed: PrimitiveContext.seed(options.seedEstimator ?? context.seed, pub: index, element: 0, stream: 3))
        var evs = exact
        var stds = [Double](repeating: 0, count: count)
        if precision > 0 {
            for element in 0..<count {
                let sigma = precision * variance[element].squareRoot()
                stds[element] = sigma
                evs[element] = exact[element] + sigma * Self.standardNormal(&generator)
            }
        }
        let shots = precision > 0 ? Int(min((1 / (precision * precision)).rounded(.up), 1e15)) : 0
        return EstimatorPubOutput(
            shape: shape, evs: evs, stds: stds, precision: precision, shots: shots,
            window: ExecutionWindow(start: start, stop: context.clock.microsecondsSince1970))
    }

    /// The pub's precision, else `default_precision`, else the service's 0.015625.
    private func precisionValue(_ value: JSONValue, pub index: Int) throws(JobFailure) -> Double {
        guard value != .null else { return options.defaultPrecision ?? PrimitiveOptions.serviceDefaultPrecision }
        guard let precision = value.doubleValue, precision.isFinite, precision >= 0 else {
            throw .validation("pub \(index): precision must be a number >= 0")
        }
        return precision
    }

    /// For each observable, the expectation value of each of its terms in the bound circuit's
    /// final state: exact, or with noise averaged over trajectories (and attenuated by readout
    /// error below resilience level 1).
    private func pauliExpectations(_ bound: QuantumCircuit, observables: [PubObservables.Terms], seed: UInt64) throws -> [[Double]] {
        let simulator = context.simulator
        guard let noise = context.noise, !noise.isNoiseless else {
            let state = try simulator.simulate(SimulationProgram(circuit: bound), cancellation: context.cancellation)
            return observables.map { $0.map { state.expectationValue($0.pauli) } }
        }
        var sums = observables.map { [Double](repeating: 0, count: $0.count) }
        let trajectories = try NoiseTrajectories(circuit: bound, noise: noise)
        var generator = SplitMix64(seed: seed)
        let total = trajectories.isNoisy ? max(1, context.estimatorTrajectories) : 1
        for group in trajectories.draw(count: total, generator: &generator) {
            try context.cancellation.check()
            let state = try simulator.simulate(
                SimulationProgram(circuit: trajectories.circuit(for: group.pattern)), cancellation: context.cancellation)
            let weight = Double(group.members.count) / Double(total)
            for (k, observable) in observables.enumerated() {
                for (t, term) in observable.enumerated() { sums[k][t] += weight * state.expectationValue(term.pauli) }
            }
        }
        guard (resilienceLevel ?? 1) < 1 else { return sums }
        for (k, observable) in observables.enumerated() {
            for (t, term) in observable.enumerated() {
                for qubit in term.pauli.factors.keys {
                    sums[k][t] *= 1 - 2 * (noise.readoutErrors[qubit] ?? 0)
                }
            }
        }
        return sums
    }

    /// A standard normal deviate (Box–Muller).
    static func standardNormal(_ generator: inout SplitMix64) -> Double {
        let u1 = max(generator.unit(), 0x1p-60)
        let u2 = generator.unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
