import QuantumCircuits
import RuntimeWire

/// Runs one Sampler pub on the engine: reads and validates its circuit, binds every parameter
/// set of the sweep, samples the shots (one seeded stream per parameter set) and packs each
/// classical register as a `BitArray`. Runs on a simulator thread.
struct SamplerPubRunner {
    let context: PrimitiveContext
    let options: PrimitiveOptions

    /// The most bytes of samples a pub may produce (shots × parameter sets × register bytes).
    static let maximumSampleBytes = 1 << 29

    func run(_ pub: [JSONValue], index: Int) throws -> SamplerPubOutput {
        let start = context.clock.microsecondsSince1970
        let circuit = try PubCircuit.read(pub[0], pub: index)
        try context.validate(circuit, pub: index)
        let sweep = try ParameterSweep(pub[1], circuit: circuit, pub: index)
        let shots = try shotCount(pub[2], pub: index)
        try context.checkSize(circuit, pub: index)
        let registers = circuit.classicalRegisters
        let perShot = registers.reduce(0) { $0 + ($1.size + 7) / 8 }
        let (total, overflow) = (sweep.count * shots).multipliedReportingOverflow(by: max(1, perShot))
        guard !overflow, total <= Self.maximumSampleBytes else {
            throw JobFailure.validation(
                "pub \(index): \(sweep.count) parameter sets × \(shots) shots make more than \(Self.maximumSampleBytes >> 20) MiB of samples")
        }
        var samples = registers.map {
            RegisterSamples(name: $0.name, bitCount: $0.size, bytes: [])
        }
        for index in samples.indices { samples[index].bytes.reserveCapacity(sweep.count * shots * samples[index].width) }
        let base = options.seedSimulator ?? context.seed
        for (element, row) in sweep.rows.enumerated() {
            try context.cancellation.check()
            do {
                let bound = try circuit.bindingParameters(row)
                let bits = try sample(bound, shots: shots, seed: PrimitiveContext.seed(base, pub: index, element: element))
                for (k, register) in registers.enumerated() {
                    samples[k].bytes += bits.bitArray(clbits: register.bits)
                }
            } catch {
                throw PrimitiveContext.failure(error, pub: index)
            }
        }
        return SamplerPubOutput(
            shape: sweep.shape, shots: shots, registers: samples,
            window: ExecutionWindow(start: start, stop: context.clock.microsecondsSince1970))
    }

    /// The pub's shots, else `default_shots`, else the service's 4096; at most the backend's `max_shots`.
    private func shotCount(_ value: JSONValue, pub index: Int) throws(JobFailure) -> Int {
        var shots = options.defaultShots ?? PrimitiveOptions.serviceDefaultShots
        if value != .null {
            guard let count = PrimitiveOptions.positiveInteger(value) else {
                throw .validation("pub \(index): shots must be a positive integer")
            }
            shots = count
        }
        if let maxShots = context.maxShots, shots > maxShots {
            throw .validation("pub \(index): \(shots) shots exceed the backend's max_shots (\(maxShots))")
        }
        return shots
    }

    /// The shots of a bound circuit: ideal, or with noise (gate errors by trajectories, readout
    /// errors by flipping measured bits).
    private func sample(_ bound: QuantumCircuit, shots: Int, seed: UInt64) throws -> ShotBits {
        let simulator = context.simulator
        guard let noise = context.noise, !noise.isNoiseless else {
            return try simulator.sample(SimulationProgram(circuit: bound), shots: shots, seed: seed, cancellation: context.cancellation)
        }
        let trajectories = try NoiseTrajectories(circuit: bound, noise: noise)
        var bits: ShotBits
        if trajectories.isNoisy {
            var generator = SplitMix64(seed: seed ^ 0x6E6F_6973_6500_0001)
            let groups = trajectories.draw(count: shots, generator: &generator)
            let width = (trajectories.circuit.clbitCount + 7) / 8
            var bytes = [UInt8](repeating: 0, count: shots * width)
            for (number, group) in groups.enumerated() {
                try context.cancellation.check()
                let program = try SimulationProgram(circuit: trajectories.circuit(for: group.pattern))
                let part = try simulator.sample(
                    program, shots: group.members.count, seed: PrimitiveContext.seed(seed, pub: 0, element: number, stream: 1),
                    cancellation: context.cancellation)
                for (row, shot) in group.members.enumerated() where width > 0 {
                    bytes.replaceSubrange((shot * width)..<((shot + 1) * width), with: part.bytes[(row * width)..<((row + 1) * width)])
                }
            }
            bits = ShotBits(shots: shots, clbitCount: trajectories.circuit.clbitCount, bytes: bytes)
        } else {
            bits = try simulator.sample(SimulationProgram(circuit: bound), shots: shots, seed: seed, cancellation: context.cancellation)
        }
        return Self.applyReadoutErrors(bits, circuit: bound, noise: noise, seed: seed)
    }

    /// Flips each measured bit with its qubit's readout error (the qubit of the last measurement
    /// into that clbit).
    static func applyReadoutErrors(_ bits: ShotBits, circuit: QuantumCircuit, noise: NoiseModel, seed: UInt64) -> ShotBits {
        var flips: [(clbit: Int, probability: Double)] = []
        var measuredQubit: [Int: Int] = [:]
        for instruction in circuit.instructions {
            if case .measure = instruction.operation, let qubit = instruction.qubits.first, let clbit = instruction.clbits.first {
                measuredQubit[clbit] = qubit
            }
        }
        for (clbit, qubit) in measuredQubit.sorted(by: { $0.key < $1.key }) {
            if let error = noise.readoutErrors[qubit], error > 0 { flips.append((clbit, error)) }
        }
        guard !flips.isEmpty else { return bits }
        var generator = SplitMix64(seed: seed ^ 0x7265_6164_6F75_7400)
        var bytes = bits.bytes
        for shot in 0..<bits.shots {
            for flip in flips where generator.unit() < flip.probability {
                bytes[shot * bits.bytesPerShot + (flip.clbit >> 3)] ^= 1 << UInt8(flip.clbit & 7)
            }
        }
        return ShotBits(shots: bits.shots, clbitCount: bits.clbitCount, bytes: bytes)
    }
}
