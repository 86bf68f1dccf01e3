import QuantumCircuits

/// Compiles a ``SimulationProgram`` into kernels on state positions (see ``CompiledCircuit``).
///
/// With fusion on, one walk over the program does all of this: consecutive one-qubit gates on a
/// qubit are multiplied into one pending matrix, which becomes a kernel only when another gate
/// needs that qubit (a diagonal pending gate waits past diagonal gates and controls, which it
/// commutes with); a qubit gets a state position when it is first mixed or entangled, so that
/// gates before that are folded into its one-qubit state; diagonal gates and controls on a qubit
/// that is still |0⟩ are simplified away; SWAPs relabel qubits; a reset of a |0⟩ qubit is
/// dropped. Then a backward pass finds the measurements that are terminal and the resets that
/// change nothing observable.
struct CircuitCompiler {
    private let options: SimulationOptions
    private let program: SimulationProgram
    /// Only measurement outcomes will be read (no state, no observable): gates after the last
    /// measurement of their qubits, and diagonal gates whose qubits nothing mixes afterwards, are
    /// dropped.
    private let forSampling: Bool

    private var steps: [CompiledStep] = []
    private var extents: [Int] = []
    private var phase: Double = 0

    /// Per wire: the wire a program qubit is on (SWAPs exchange them).
    private var wireOf: [Int]
    /// Per wire: the one-qubit gate not yet emitted.
    private var pending: [Matrix2?]
    /// Per wire: its state position, once it has one.
    private var position: [Int?]
    /// Per wire with a position: whether it is known to be |0⟩ (fresh, or just reset).
    private var knownZero: [Bool]
    private var positionCount = 0

    /// Positions are bits of an `Int` index; far beyond any memory anyway.
    static let addressableQubits = 48

    init(program: SimulationProgram, options: SimulationOptions, forSampling: Bool) {
        self.program = program
        self.options = options
        self.forSampling = forSampling
        let n = max(0, program.qubitCount)
        wireOf = Array(0..<n)
        pending = Array(repeating: nil, count: n)
        position = Array(repeating: nil, count: n)
        knownZero = Array(repeating: true, count: n)
    }

    /// Validates and compiles `program`; `forSampling` when only its measurement outcomes will be
    /// read.
    static func compile(_ program: SimulationProgram, options: SimulationOptions, forSampling: Bool = false)
        throws(SimulationError) -> CompiledCircuit
    {
        try validate(program)
        var compiler = CircuitCompiler(program: program, options: options, forSampling: forSampling && options.fusion)
        return try compiler.run()
    }

    // MARK: - Validation

    private static func validate(_ program: SimulationProgram) throws(SimulationError) {
        let n = program.qubitCount
        guard n >= 0, program.clbitCount >= 0 else {
            throw SimulationError(.invalidProgram, "negative qubit or clbit count")
        }
        guard program.circuitQubits.count == n else {
            throw SimulationError(.invalidProgram, "circuitQubits has \(program.circuitQubits.count) entries for \(n) qubits")
        }
        for (index, operation) in program.operations.enumerated() {
            let qubits = operation.qubits
            for qubit in qubits where qubit < 0 || qubit >= n {
                throw SimulationError(.invalidProgram, "operation \(index) acts on qubit \(qubit) of a \(n)-qubit program")
            }
            if Set(qubits).count != qubits.count {
                throw SimulationError(.invalidProgram, "operation \(index) uses a qubit twice: \(qubits)")
            }
            switch operation {
            case .unitary(let matrix, let qubits):
                guard !qubits.isEmpty, matrix.qubitCount == qubits.count else {
                    throw SimulationError(
                        .invalidProgram, "operation \(index): a \(matrix.qubitCount)-qubit matrix on \(qubits.count) qubits")
                }
                guard matrix.elements.allSatisfy(\.isFinite) else {
                    throw SimulationError(.invalidProgram, "operation \(index): the matrix has a non-finite entry")
                }
            case .diagonal(let phases, let qubits):
                guard !qubits.isEmpty, qubits.count <= 12, phases.count == 1 << qubits.count else {
                    throw SimulationError(
                        .invalidProgram, "operation \(index): \(phases.count) phases for \(qubits.count) qubits")
                }
                guard phases.allSatisfy({ $0.re.isFinite && $0.im.isFinite }) else {
                    throw SimulationError(.invalidProgram, "operation \(index): a non-finite phase")
                }
            case .permutation(let images, let qubits):
                guard !qubits.isEmpty, qubits.count <= GateClassifier.structureSearchLimit,
                      images.count == 1 << qubits.count, Set(images) == Set(0..<images.count)
                else {
                    throw SimulationError(
                        .invalidProgram, "operation \(index): not a permutation of the \(qubits.count)-qubit basis")
                }
            case .measure(_, let clbit):
                guard clbit >= 0, clbit < program.clbitCount else {
                    throw SimulationError(
                        .invalidProgram, "operation \(index) measures into clbit \(clbit) of \(program.clbitCount)")
                }
            case .reset, .barrier:
                break
            }
        }
    }

    // MARK: - The walk

    private mutating func run() throws(SimulationError) -> CompiledCircuit {
        phase = program.globalPhase
        if !options.fusion {
            guard program.qubitCount <= min(options.maxQubits, Self.addressableQubits) else {
                throw SimulationError(
                    .tooManyQubits,
                    "the circuit has \(program.qubitCount) qubits; the limit is \(options.maxQubits) (the statevector takes 16 × 2^n bytes)")
            }
            // Every program qubit is a position from the start, in program order.
            for wire in 0..<program.qubitCount {
                position[wire] = wire
                knownZero[wire] = false
            }
            positionCount = program.qubitCount
        }
        for operation in program.operations {
            switch operation {
            case .unitary(let matrix, let qubits):
                var entries: [ComplexNumber] = []
                entries.reserveCapacity(matrix.elements.count / 2)
                var k = 0
                while k < matrix.elements.count {
                    entries.append(ComplexNumber(matrix.elements[k], matrix.elements[k + 1]))
                    k += 2
                }
                for gate in GateClassifier.classify(
                    matrix: entries, operands: Array(qubits.indices), specialized: options.specializedKernels,
                    phase: &phase)
                {
                    try apply(gate, operands: qubits)
                }
            case .diagonal(let phases, let qubits):
                for gate in GateClassifier.classify(
                    diagonal: phases, operands: Array(qubits.indices), specialized: options.specializedKernels,
                    phase: &phase)
                {
                    try apply(gate, operands: qubits)
                }
            case .permutation(let images, let qubits):
                let d = images.count
                if options.specializedKernels, d == 4, images == [0, 2, 1, 3] {
                    try apply(.swap(0, 1), operands: qubits)
                    continue
                }
                var entries = [ComplexNumber](repeating: .zero, count: d * d)
                for (v, image) in images.enumerated() { entries[image * d + v] = .one }
                for gate in GateClassifier.classify(
                    matrix: entries, operands: Array(qubits.indices), specialized: options.specializedKernels,
                    phase: &phase)
                {
                    try apply(gate, operands: qubits)
                }
            case .measure(let qubit, let clbit):
                try measure(qubit: qubit, clbit: clbit)
            case .reset(let qubit):
                try reset(qubit: qubit)
            case .barrier:
                continue
            }
        }
        // Flush what is pending: on positioned wires as kernels; an unpositioned wire holding a
        // non-diagonal state needs a position; a diagonal one is a phase of |0⟩. For sampling,
        // what is still pending comes after every measurement of its qubit (or is diagonal, which
        // a measurement commutes with): it changes no outcome.
        for wire in 0..<program.qubitCount {
            guard let matrix = pending[wire] else { continue }
            if forSampling {
                pending[wire] = nil
                continue
            }
            if position[wire] == nil {
                if matrix.isDiagonal {
                    pending[wire] = nil
                    phase += GateClassifier.argument(matrix.a00)
                    continue
                }
                try assignPosition(wire)
            }
            try flush(wire)
        }
        var qubitPositions: [Int?] = []
        for qubit in 0..<program.qubitCount { qubitPositions.append(position[wireOf[qubit]]) }
        return resolveMeasurements(CompiledCircuit(
            positionCount: positionCount, globalPhase: phase, steps: steps, extents: extents,
            qubitPositions: qubitPositions, measurementsAreTerminal: true, clbitCount: program.clbitCount))
    }

    /// Applies a classified gate whose qubits are operand indices into `operands`.
    private mutating func apply(_ gate: ClassifiedGate, operands: [Int]) throws(SimulationError) {
        switch gate {
        case .oneQubit(let operand, let matrix):
            let wire = wireOf[operands[operand]]
            pending[wire] = matrix.multiplied(by: pending[wire] ?? .identity)
            if !options.fusion { try flush(wire) }
        case .swap(let a, let b):
            if options.fusion {
                wireOf.swapAt(operands[a], operands[b])
            } else {
                try kernel(.flip(controls: 1 << b, target: a), operands: operands)
                try kernel(.flip(controls: 1 << a, target: b), operands: operands)
                try kernel(.flip(controls: 1 << b, target: a), operands: operands)
            }
        case .kernel(let operation):
            try kernel(operation, operands: operands)
        }
    }

    /// How a gate that only selects on a wire (a diagonal gate, a control) sees it.
    private enum SelectingUse {
        /// The wire is |0⟩ (up to a phase): its bit is 0 on every non-zero amplitude.
        case zero
        case position(Int)
    }

    private mutating func selectingUse(ofQubit qubit: Int) throws(SimulationError) -> SelectingUse {
        let wire = wireOf[qubit]
        let pendingIsDiagonal = pending[wire]?.isDiagonal ?? true
        guard let current = position[wire] else {
            if pendingIsDiagonal { return .zero }
            try assignPosition(wire)
            try flushKeepingDiagonal(wire)
            return .position(position[wire] ?? 0)
        }
        if !pendingIsDiagonal { try flushKeepingDiagonal(wire) }
        if options.fusion, knownZero[wire], pending[wire]?.isDiagonal ?? true { return .zero }
        return .position(current)
    }

    /// Gives a wire that is about to be mixed its position and emits its pending gate.
    private mutating func mixingUse(ofQubit qubit: Int) throws(SimulationError) -> Int {
        let wire = wireOf[qubit]
        if position[wire] == nil { try assignPosition(wire) }
        try flush(wire)
        knownZero[wire] = false
        return position[wire] ?? 0
    }

    private mutating func assignPosition(_ wire: Int) throws(SimulationError) {
        guard positionCount < min(options.maxQubits, Self.addressableQubits) else {
            throw SimulationError(
                .tooManyQubits,
                "the circuit needs more than \(options.maxQubits) simulated qubits (the limit; the statevector takes 16 × 2^n bytes)")
        }
        position[wire] = positionCount
        knownZero[wire] = true
        positionCount += 1
    }

    /// Emits the non-diagonal part of the pending gate of a positioned wire and leaves its
    /// diagonal part pending: `U = e^{iα} P(φ) Ry(θ) P(λ)` becomes a rotation kernel
    /// (`Ry(θ) P(λ)`), `P(φ)` stays pending (it commutes with the diagonal gates and controls that
    /// may follow and merges into the next gate on the qubit). Only a gate that selects on the
    /// wire may follow; one that mixes it needs ``flush(_:)``.
    private mutating func flushKeepingDiagonal(_ wire: Int) throws(SimulationError) {
        guard options.fusion, options.specializedKernels, let matrix = pending[wire], !matrix.isDiagonal,
              !matrix.isAntiDiagonal, let p = position[wire], let factors = matrix.eulerFactors()
        else {
            try flush(wire)
            return
        }
        phase += GateClassifier.argument(factors.globalPhase)
        knownZero[wire] = false
        emit(.kernel(.rotation(target: p, inputPhase: factors.lambda, cosine: factors.cosine, sine: factors.sine)))
        pending[wire] = Matrix2.isOne(factors.phi) ? nil : Matrix2(a00: .one, a01: .zero, a10: .zero, a11: factors.phi)
    }

    /// Emits the pending one-qubit gate of a positioned wire.
    private mutating func flush(_ wire: Int) throws(SimulationError) {
        guard let matrix = pending[wire], let p = position[wire] else { return }
        pending[wire] = nil
        let bit = 1 << p
        if !options.specializedKernels {
            emit(.kernel(.dense(positions: [p], matrix: [matrix.a00, matrix.a01, matrix.a10, matrix.a11])))
            knownZero[wire] = false
            return
        }
        if matrix.isDiagonal {
            phase += GateClassifier.argument(matrix.a00)
            if options.fusion && knownZero[wire] { return }
            let relative = (1 / matrix.a00.magnitudeSquared) * (matrix.a11 * matrix.a00.conjugate)
            if !Matrix2.isOne(relative) { emit(.kernel(.phase(mask: bit, value: bit, relative))) }
            return
        }
        knownZero[wire] = false
        if matrix.isAntiDiagonal {
            // [[0, β], [α, 0]] = X · diag(α, β); take α out as a global phase.
            phase += GateClassifier.argument(matrix.a10)
            let relative = (1 / matrix.a10.magnitudeSquared) * (matrix.a01 * matrix.a10.conjugate)
            if !Matrix2.isOne(relative) { emit(.kernel(.phase(mask: bit, value: bit, relative))) }
            emit(.kernel(.flip(controls: 0, target: p)))
            return
        }
        emit(.kernel(.unitary1(controls: 0, target: p, matrix)))
    }

    /// Emits a kernel given on operand indices into `operands` (program qubits).
    private mutating func kernel(_ operation: KernelOperation, operands: [Int]) throws(SimulationError) {
        switch operation {
        case .phase(let mask, let value, let factor):
            var newMask = 0
            var newValue = 0
            for operand in Self.bits(of: mask) {
                switch try selectingUse(ofQubit: operands[operand]) {
                case .zero:
                    if value & (1 << operand) != 0 { return }
                case .position(let p):
                    newMask |= 1 << p
                    if value & (1 << operand) != 0 { newValue |= 1 << p }
                }
            }
            if newMask == 0 {
                phase += GateClassifier.argument(factor)
            } else {
                emit(.kernel(.phase(mask: newMask, value: newValue, factor)))
            }
        case .unitary1(let controls, let target, let matrix):
            guard let newControls = try selectingControls(controls, operands: operands) else { return }
            if newControls == 0 && options.fusion {
                try apply(.oneQubit(qubit: target, matrix), operands: operands)
                return
            }
            let p = try mixingUse(ofQubit: operands[target])
            emit(.kernel(.unitary1(controls: newControls, target: p, matrix)))
        case .flip(let controls, let target):
            guard let newControls = try selectingControls(controls, operands: operands) else { return }
            if newControls == 0 && options.fusion {
                try apply(.oneQubit(qubit: target, .pauliX), operands: operands)
                return
            }
            let p = try mixingUse(ofQubit: operands[target])
            emit(.kernel(.flip(controls: newControls, target: p)))
        case .diagonal(let table):
            // Not made by the classifier (DiagonalGrouping makes it inside stages); as phases.
            var mask = 0
            for operand in table.positions { mask |= 1 << operand }
            for v in 0..<table.count where !Matrix2.isOne(table[v]) {
                var value = 0
                for (j, operand) in table.positions.enumerated() where v & (1 << j) != 0 { value |= 1 << operand }
                try kernel(.phase(mask: mask, value: value, table[v]), operands: operands)
            }
        case .rotation(let target, let inputPhase, let cosine, let sine):
            let p = try mixingUse(ofQubit: operands[target])
            emit(.kernel(.rotation(target: p, inputPhase: inputPhase, cosine: cosine, sine: sine)))
        case .dense(let indices, let matrix):
            var positions: [Int] = []
            for operand in indices { positions.append(try mixingUse(ofQubit: operands[operand])) }
            emit(.kernel(.dense(positions: positions, matrix: matrix)))
        }
    }

    /// The controls (operand indices) as a position mask, or nil when a control is |0⟩ (the gate
    /// does nothing).
    private mutating func selectingControls(_ controls: Int, operands: [Int]) throws(SimulationError) -> Int? {
        var mask = 0
        for operand in Self.bits(of: controls) {
            switch try selectingUse(ofQubit: operands[operand]) {
            case .zero: return nil
            case .position(let p): mask |= 1 << p
            }
        }
        return mask
    }

    private mutating func measure(qubit: Int, clbit: Int) throws(SimulationError) {
        switch try selectingUse(ofQubit: qubit) {
        case .zero: emit(.measure(position: nil, clbit: clbit))
        case .position(let p): emit(.measure(position: p, clbit: clbit))
        }
    }

    private mutating func reset(qubit: Int) throws(SimulationError) {
        let wire = wireOf[qubit]
        // A local gate before a reset changes nothing: the reset discards the qubit's state.
        pending[wire] = nil
        guard let p = position[wire] else { return }
        if options.fusion && knownZero[wire] { return }
        emit(.reset(position: p))
        knownZero[wire] = true
    }

    private mutating func emit(_ step: CompiledStep) {
        steps.append(step)
        extents.append(positionCount)
    }

    // MARK: - Measurements

    /// Marks terminal measurements and drops resets whose qubit nothing uses afterwards.
    private func resolveMeasurements(_ circuit: CompiledCircuit) -> CompiledCircuit {
        var result = circuit
        var usedLater = 0
        var keep = [Bool](repeating: true, count: circuit.steps.count)
        var terminal = true
        for index in circuit.steps.indices.reversed() {
            switch circuit.steps[index] {
            case .kernel(let operation):
                usedLater |= operation.touchMask
            case .reset(let p):
                if usedLater & (1 << p) == 0 {
                    keep[index] = false
                } else {
                    usedLater |= 1 << p
                    terminal = false
                }
            case .measure(let p, _):
                if let p, usedLater & (1 << p) != 0 { terminal = false }
            }
        }
        if terminal && forSampling { pruneUnobservedKernels(circuit.steps, keep: &keep) }
        if keep.contains(false) {
            result.steps = circuit.steps.indices.filter { keep[$0] }.map { circuit.steps[$0] }
            result.extents = circuit.extents.indices.filter { keep[$0] }.map { circuit.extents[$0] }
        }
        result.measurementsAreTerminal = terminal
        return result
    }

    /// Drops the kernels that cannot change the distribution of the (terminal) measurements,
    /// walking backwards: a kernel none of whose positions is measured or used by a kept later
    /// kernel commutes past all of them to the end, where it acts on unmeasured qubits; a phase
    /// kernel none of whose positions a kept later kernel mixes only multiplies each amplitude
    /// by a phase that every later mixing sees as a common factor.
    private func pruneUnobservedKernels(_ steps: [CompiledStep], keep: inout [Bool]) {
        var relevant = 0
        for step in steps {
            if case .measure(let p?, _) = step { relevant |= 1 << p }
        }
        var mixedLater = 0
        for index in steps.indices.reversed() {
            guard keep[index], case .kernel(let kernel) = steps[index] else { continue }
            let touch = kernel.touchMask
            if touch & relevant == 0 {
                keep[index] = false
                continue
            }
            if case .phase(let mask, _, _) = kernel, mask & mixedLater == 0 {
                keep[index] = false
                continue
            }
            relevant |= touch
            mixedLater |= kernel.mixingMask
        }
    }

    static func bits(of mask: Int) -> [Int] {
        var result: [Int] = []
        var rest = mask
        while rest != 0 {
            let bit = rest.trailingZeroBitCount
            result.append(bit)
            rest &= rest - 1
        }
        return result
    }
}
