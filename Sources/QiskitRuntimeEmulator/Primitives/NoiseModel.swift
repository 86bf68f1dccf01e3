import RuntimeWire

/// The noise the simulator adds when noise is on (``SimulatorConfiguration/noise``), read from
/// the backend's calibration (`GET /backends/{name}/properties`, PLATFORM.md §4):
///
/// - **Readout error:** each measured bit is flipped with the probability of its qubit's
///   `readout_error`.
/// - **Depolarising gate error:** after each gate listed in `gates[]` with a `gate_error` ε on
///   its qubits, a uniformly random non-identity Pauli on those qubits is applied with
///   probability λ = ε · (d + 1) / d, d = 2^k for a k-qubit gate (the Pauli channel whose
///   average gate infidelity is ε). Gates without a listed error are noiseless.
struct NoiseModel: Sendable, Hashable {
    /// Readout error by physical qubit.
    var readoutErrors: [Int: Double]
    /// Probability of a random Pauli after a gate, by gate name and qubits.
    var pauliErrorRates: [GateSite: Double]

    /// A gate on particular qubits.
    struct GateSite: Sendable, Hashable {
        var name: String
        var qubits: [Int]
    }

    /// No noise at all.
    static let none = NoiseModel(readoutErrors: [:], pauliErrorRates: [:])

    init(readoutErrors: [Int: Double], pauliErrorRates: [GateSite: Double]) {
        self.readoutErrors = readoutErrors
        self.pauliErrorRates = pauliErrorRates
    }

    /// The noise of a calibration document (`nil` or malformed entries give no noise there).
    init(properties: JSONValue?) {
        var readout: [Int: Double] = [:]
        for (qubit, entries) in (properties?["qubits"]?.arrayValue ?? []).enumerated() {
            for entry in entries.arrayValue ?? [] where entry["name"]?.stringValue == "readout_error" {
                if let value = entry["value"]?.doubleValue, value.isFinite, value > 0 { readout[qubit] = min(value, 0.5) }
            }
        }
        var rates: [GateSite: Double] = [:]
        for gate in properties?["gates"]?.arrayValue ?? [] {
            guard let name = gate["gate"]?.stringValue, let qubits = gate["qubits"]?.arrayValue?.compactMap(\.integerValue),
                  !qubits.isEmpty, qubits.count <= 3 else { continue }
            for parameter in gate["parameters"]?.arrayValue ?? [] where parameter["name"]?.stringValue == "gate_error" {
                guard let error = parameter["value"]?.doubleValue, error.isFinite, error > 0 else { continue }
                let dimension = Double(1 << qubits.count)
                rates[GateSite(name: name, qubits: qubits.map { Int($0) })] = min(1, error * (dimension + 1) / dimension)
            }
        }
        self.init(readoutErrors: readout, pauliErrorRates: rates)
    }

    /// Whether the model adds any gate error.
    var hasGateErrors: Bool { !pauliErrorRates.isEmpty }

    /// Whether the model adds any noise.
    var isNoiseless: Bool { readoutErrors.isEmpty && pauliErrorRates.isEmpty }
}
