extension QuantumCircuit {
    /// The circuit rewritten for a backend: on its physical qubits, in its native gates, exact
    /// (the translated circuit's unitary equals the original's, global phase included, up to
    /// floating-point rounding).
    ///
    /// - Custom gates are expanded; gates the ISA runs natively on their qubits are kept; other
    ///   standard gates are rewritten into `rz`, `sx`, `x` and the backend's two-qubit gate (`cz`,
    ///   `ecr` or `cx`, in a direction the backend allows). See ``StandardGate`` for the gates that
    ///   translate; `c3x`, `c3sx`, `rcccx` and `c4x` do not.
    /// - Qubits: with `layout`, virtual qubit `k` becomes physical qubit `layout[k]`. Without it, a
    ///   circuit on physical qubits keeps them; otherwise, when the circuit's multi-qubit gates
    ///   couple its qubits in a line (or lines), the line is placed on a connected chain of the
    ///   coupling map, and in any other case virtual qubit `k` is physical qubit `k`.
    /// - Translation does not route: a two-qubit gate that lands on uncoupled physical qubits throws.
    /// - The result uses physical qubits (``usesPhysicalQubits``), has the backend's qubit count,
    ///   the same classical registers and inputs, and measurements, resets, barriers and delays on
    ///   the mapped qubits.
    ///
    /// - Throws: ``CircuitError/Code/uncoupledQubits`` naming the gate and the physical qubits;
    ///   ``CircuitError/Code/invalidArgument`` for a bad layout; ``CircuitError/Code/unsupported``
    ///   for a gate or basis it cannot translate.
    public func translated(for isa: InstructionSetArchitecture, layout: [Int]? = nil) throws(CircuitError) -> QuantumCircuit {
        try translated(for: isa, layout: layout, limits: .default)
    }

    /// ``translated(for:layout:)`` within `limits`: the expansion of custom gates and the
    /// translated circuit each stay within ``Limits/maxInstructions``, ``Limits/maxOperands`` and
    /// ``Limits/maxExpressionNodes`` (see ``expandingCustomGates(limits:)``).
    /// - Throws: what ``translated(for:layout:)`` throws; ``CircuitError/Code/limitExceeded`` naming
    ///   the limit; ``CircuitError/Code/invalidArgument`` when the arithmetic of translation makes a
    ///   parameter or the global phase NaN or infinite.
    public func translated(
        for isa: InstructionSetArchitecture, layout: [Int]? = nil, limits: Limits
    ) throws(CircuitError) -> QuantumCircuit {
        let flat = try expandingCustomGates(limits: limits)
        let mapping: [Int]
        if let layout {
            mapping = try flat.checkedLayout(layout, isa)
        } else {
            mapping = try flat.defaultLayout(for: isa)
        }
        var translator = BasisTranslator(isa: isa, limits: limits, phase: flat.globalPhase)
        for instruction in flat.instructions {
            try translator.translate(instruction, physical: instruction.qubits.map { mapping[$0] })
        }
        guard translator.phase.isFinite else {
            throw CircuitError(.invalidArgument, "translation makes the global phase not a finite number")
        }
        var result = QuantumCircuit(physicalQubits: isa.qubitCount)
        result.setRegisters(quantum: [], classical: classicalRegisters, qubits: isa.qubitCount, clbits: clbitCount)
        for input in inputs { try result.declareInput(input) }
        result.globalPhase = translator.phase.value
        for instruction in translator.output { result.appendUnchecked(instruction) }
        return result
    }

    /// The layout ``translated(for:layout:)`` uses when none is given: `layout[k]` is the physical
    /// qubit of virtual qubit `k` (the identity for a circuit on physical qubits; the circuit's
    /// interaction line on a connected chain of the coupling map when it has one; else `k → k`).
    /// Pass it to ``translated(for:layout:)`` and use it to place observables on the same
    /// physical qubits.
    /// - Throws: ``CircuitError/Code/invalidArgument`` when the circuit does not fit the backend's
    ///   qubits; what ``expandingCustomGates(maxInstructions:)`` throws.
    public func layout(for isa: InstructionSetArchitecture) throws(CircuitError) -> [Int] {
        try expandingCustomGates().defaultLayout(for: isa)
    }

    private func checkedLayout(_ layout: [Int], _ isa: InstructionSetArchitecture) throws(CircuitError) -> [Int] {
        guard layout.count >= qubitCount else {
            throw CircuitError(.invalidArgument, "the layout maps \(layout.count) qubits but the circuit has \(qubitCount)")
        }
        guard Set(layout).count == layout.count else {
            throw CircuitError(.invalidArgument, "the layout maps two virtual qubits to one physical qubit")
        }
        if let bad = layout.first(where: { $0 < 0 || $0 >= isa.qubitCount }) {
            throw CircuitError(.invalidArgument, "the layout uses physical qubit \(bad), outside the backend's \(isa.qubitCount)")
        }
        return layout
    }

    /// See ``translated(for:layout:)``.
    func defaultLayout(for isa: InstructionSetArchitecture) throws(CircuitError) -> [Int] {
        if usesPhysicalQubits {
            if let highest = activeQubits.last, highest >= isa.qubitCount {
                throw CircuitError(.invalidArgument, "physical qubit \(highest) is outside the backend's \(isa.qubitCount) qubits")
            }
            return Array(0..<qubitCount)
        }
        let trivial = Array(0..<qubitCount)
        if let chain = chainLayout(isa) { return chain }
        guard qubitCount <= isa.qubitCount || (activeQubits.last ?? -1) < isa.qubitCount else {
            throw CircuitError(.invalidArgument, "the circuit has \(qubitCount) qubits, the backend \(isa.qubitCount)")
        }
        return trivial
    }

    /// A layout that puts the circuit's interaction lines on a chain of coupled qubits, if the
    /// interactions form lines and such a chain exists (searched with a bounded budget).
    private func chainLayout(_ isa: InstructionSetArchitecture) -> [Int]? {
        var neighbours = [Set<Int>](repeating: [], count: qubitCount)
        for instruction in instructions where instruction.operation.isGate && instruction.qubits.count >= 2 {
            for a in instruction.qubits {
                for b in instruction.qubits where a != b { neighbours[a].insert(b) }
            }
        }
        if neighbours.contains(where: { $0.count > 2 }) { return nil }
        // Walk each path component from an end; a component without an end is a cycle.
        var visited = [Bool](repeating: false, count: qubitCount)
        var order: [Int] = []
        for start in 0..<qubitCount where !visited[start] && neighbours[start].count == 1 {
            var previous = -1
            var current = start
            while true {
                visited[current] = true
                order.append(current)
                guard let next = neighbours[current].first(where: { $0 != previous && !visited[$0] }) else { break }
                previous = current
                current = next
            }
        }
        if (0..<qubitCount).contains(where: { !visited[$0] && !neighbours[$0].isEmpty }) { return nil }
        if order.isEmpty || order.count > isa.qubitCount { return nil }
        var graph = [Set<Int>](repeating: [], count: isa.qubitCount)
        for pair in isa.couplingPairs.union(isa.couplingMap ?? []) where pair.count == 2 {
            let (a, b) = (pair[0], pair[1])
            guard a >= 0, b >= 0, a < isa.qubitCount, b < isa.qubitCount, a != b else { continue }
            graph[a].insert(b)
            graph[b].insert(a)
        }
        guard let path = Self.simplePath(length: order.count, in: graph) else { return nil }
        var layout = [Int](repeating: -1, count: qubitCount)
        var used = Set<Int>()
        for (virtual, physical) in zip(order, path) {
            layout[virtual] = physical
            used.insert(physical)
        }
        var free = (0..<isa.qubitCount).filter { !used.contains($0) }.makeIterator()
        for virtual in 0..<qubitCount where layout[virtual] < 0 {
            guard let physical = free.next() else { return nil }
            layout[virtual] = physical
        }
        return layout
    }

    /// The longest chain ``simplePath(length:in:)`` looks for: its search recurses once per vertex
    /// of the path, so this bounds the stack it needs (devices have far fewer qubits).
    static let maxChainLength = 4_096

    /// A simple path of `length` vertices, by depth-first search with a step budget; nil when there
    /// is none, the budget runs out, or `length` is above ``maxChainLength``.
    static func simplePath(length: Int, in graph: [Set<Int>]) -> [Int]? {
        if length <= 1 { return graph.isEmpty ? nil : [0] }
        guard length <= maxChainLength else { return nil }
        var budget = 200_000
        var onPath = [Bool](repeating: false, count: graph.count)
        var path: [Int] = []
        func extend(_ vertex: Int) -> Bool {
            budget -= 1
            if budget < 0 { return false }
            path.append(vertex)
            onPath[vertex] = true
            if path.count == length { return true }
            for next in graph[vertex].sorted() where !onPath[next] {
                if extend(next) { return true }
                if budget < 0 { break }
            }
            path.removeLast()
            onPath[vertex] = false
            return false
        }
        // Start from low-degree vertices: chain ends are more likely there.
        let starts = graph.indices.filter { !graph[$0].isEmpty }.sorted { (graph[$0].count, $0) < (graph[$1].count, $1) }
        for start in starts {
            if extend(start) { return path }
            if budget < 0 { return nil }
        }
        return nil
    }
}
