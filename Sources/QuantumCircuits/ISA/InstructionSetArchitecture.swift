import RuntimeWire

/// What a backend can run: its qubits, the operations it accepts and where two-qubit gates may go.
///
/// This is the one place that turns a backend configuration into rules, for the SDK (checks before
/// submitting, basis translation) and the emulator (the service's 1517 check) alike.
///
/// - ``operations`` = the basis gates ∪ the supported instructions (`measure`, `reset`, `delay`, …).
///   `barrier` is a directive and always allowed.
/// - ``gateQubits`` holds, per gate, the qubit tuples the backend lists for it (the `gates[]`
///   entries' `coupling_map`); a gate without an entry may act on any qubits, except that a
///   two-qubit gate then needs a pair of ``couplingMap`` when there is one.
/// - Pairs are directed: `[0, 1]` allows `ecr $0, $1` but not `ecr $1, $0` unless `[1, 0]` is listed
///   too (Heron's `cz` lists both directions; Eagle's `ecr` one).
public struct InstructionSetArchitecture: Sendable, Hashable {
    /// The number of physical qubits.
    public var qubitCount: Int
    /// The basis gates, as the backend lists them (`["cz", "id", "rz", "sx", "x"]`).
    public var basisGates: [String]
    /// Non-gate instructions the backend accepts (`["measure", "reset", "delay"]`).
    public var supportedInstructions: [String]
    /// Per gate name, the qubit tuples it may act on (absent: any qubits).
    public var gateQubits: [String: Set<[Int]>]
    /// The device's directed coupling pairs, if the configuration lists them.
    public var couplingMap: Set<[Int]>?

    /// Creates an ISA.
    /// - Parameters:
    ///   - qubitCount: the number of physical qubits.
    ///   - basisGates: the native gates.
    ///   - supportedInstructions: the accepted non-gate instructions.
    ///   - couplingMap: directed pairs `[a, b]` on which two-qubit gates may act (nil: any pair).
    ///   - gateQubits: per gate, the qubit tuples it may act on (overrides `couplingMap`).
    public init(
        qubitCount: Int, basisGates: [String], supportedInstructions: [String] = ["measure", "reset", "delay"],
        couplingMap: [[Int]]? = nil, gateQubits: [String: [[Int]]] = [:]
    ) {
        self.qubitCount = qubitCount
        self.basisGates = basisGates
        self.supportedInstructions = supportedInstructions
        self.couplingMap = couplingMap.map(Set.init)
        self.gateQubits = gateQubits.mapValues(Set.init)
    }

    /// The ISA of a backend configuration document (PLATFORM.md §4): `n_qubits`, `basis_gates`,
    /// `supported_instructions` (default `measure`, `reset`, `delay`), `gates[]` with each gate's
    /// `coupling_map`, and the top-level `coupling_map`.
    /// - Throws: ``CircuitError/Code/invalidArgument`` when `n_qubits` or `basis_gates` is missing
    ///   or a field has the wrong type.
    package init(configuration: JSONValue) throws(CircuitError) {
        guard let count = configuration["n_qubits"]?.integerValue, count >= 0, count <= 1_000_000 else {
            throw CircuitError(.invalidArgument, "backend configuration: 'n_qubits' is missing or not a count")
        }
        guard let basis = configuration["basis_gates"]?.arrayValue else {
            throw CircuitError(.invalidArgument, "backend configuration: 'basis_gates' is missing or not a list")
        }
        var basisGates: [String] = []
        for entry in basis {
            guard let name = entry.stringValue else {
                throw CircuitError(.invalidArgument, "backend configuration: 'basis_gates' holds a non-string")
            }
            basisGates.append(name)
        }
        var supported = ["measure", "reset", "delay"]
        if let list = configuration["supported_instructions"], list != .null {
            guard let entries = list.arrayValue else {
                throw CircuitError(.invalidArgument, "backend configuration: 'supported_instructions' is not a list")
            }
            supported = entries.compactMap(\.stringValue)
        }
        var gateQubits: [String: [[Int]]] = [:]
        if let gates = configuration["gates"]?.arrayValue {
            for gate in gates {
                guard let name = gate["name"]?.stringValue else { continue }
                guard let map = gate["coupling_map"], map != .null else { continue }
                gateQubits[name, default: []] += try Self.pairs(map, "gates[\(name)].coupling_map")
            }
        }
        var coupling: [[Int]]?
        if let map = configuration["coupling_map"], map != .null {
            coupling = try Self.pairs(map, "coupling_map")
        }
        self.init(
            qubitCount: Int(count), basisGates: basisGates, supportedInstructions: supported, couplingMap: coupling,
            gateQubits: gateQubits)
    }

    private static func pairs(_ value: JSONValue, _ field: String) throws(CircuitError) -> [[Int]] {
        guard let entries = value.arrayValue else {
            throw CircuitError(.invalidArgument, "backend configuration: '\(field)' is not a list")
        }
        var result: [[Int]] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard let qubits = entry.arrayValue else {
                throw CircuitError(.invalidArgument, "backend configuration: '\(field)' holds a non-list")
            }
            var tuple: [Int] = []
            for qubit in qubits {
                guard let index = qubit.integerValue else {
                    throw CircuitError(.invalidArgument, "backend configuration: '\(field)' holds a non-integer qubit")
                }
                tuple.append(Int(index))
            }
            result.append(tuple)
        }
        return result
    }

    /// The names of every operation the backend accepts: basis gates, supported instructions and `barrier`.
    public var operations: Set<String> {
        Set(basisGates).union(supportedInstructions).union(["barrier"])
    }

    /// The directed pairs on which some two-qubit operation may act: the pairs of the two-qubit
    /// basis gates' own maps, or else ``couplingMap``.
    public var couplingPairs: Set<[Int]> {
        var pairs = Set<[Int]>()
        for name in basisGates {
            if let tuples = gateQubits[name] { pairs.formUnion(tuples.filter { $0.count == 2 }) }
        }
        if pairs.isEmpty, let couplingMap { pairs = couplingMap.filter { $0.count == 2 } }
        return pairs
    }

    /// Whether `name` may act on `qubits` (physical indices), and if not, why.
    func check(_ name: String, on qubits: [Int]) -> ISAViolation.Reason? {
        if let bad = qubits.first(where: { $0 < 0 || $0 >= qubitCount }) {
            return .qubitOutOfRange(bad)
        }
        if name == "barrier" { return nil }
        guard basisGates.contains(name) || supportedInstructions.contains(name) else {
            return StandardGate(qasmName: name) != nil || !["measure", "reset", "delay"].contains(name)
                ? .notInBasis : .unsupportedInstruction
        }
        if let tuples = gateQubits[name] {
            if name == "delay" || name == "measure" || name == "reset" {
                // Per-qubit instructions: each qubit must be listed.
                if qubits.allSatisfy({ tuples.contains([$0]) }) { return nil }
            } else if tuples.contains(qubits) {
                return nil
            }
            return qubits.count == 2 ? .uncoupled : .notOnTheseQubits
        }
        if qubits.count == 2, let couplingMap, !couplingMap.contains(qubits) {
            return .uncoupled
        }
        return nil
    }
}
