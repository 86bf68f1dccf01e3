import RuntimeWire

/// The options of a primitive job the simulator uses (`params.options`, PLATFORM.md §5; the names
/// qiskit-ibm-runtime sends). Other options (twirling, dynamical decoupling, resilience,
/// execution, environment, experimental) are accepted and have no effect on a noiseless
/// statevector; unknown keys are ignored.
struct PrimitiveOptions: Sendable, Hashable {
    /// `default_shots`: shots of Sampler pubs that give none (the service's default is 4096).
    var defaultShots: Int?
    /// `default_precision`: precision of Estimator pubs that give none (the service's default
    /// is 0.015625).
    var defaultPrecision: Double?
    /// `seed_estimator`: seed of the Estimator's shot-noise model.
    var seedEstimator: UInt64?
    /// `simulator.seed_simulator`: seed of the Sampler's shots (and of noise trajectories).
    var seedSimulator: UInt64?

    /// The service's default shots.
    static let serviceDefaultShots = 4096
    /// The service's default precision.
    static let serviceDefaultPrecision = 0.015625

    init() {}

    /// Reads `params.options` (absent or null: the defaults).
    /// - Throws: ``JobFailure/validation(_:)`` naming an option of the wrong type or range.
    init(_ value: JSONValue?) throws(JobFailure) {
        guard let value, value != .null else { return }
        guard case .object = value else { throw .validation("'options' must be an object") }
        if let shots = value["default_shots"], shots != .null {
            guard let count = Self.positiveInteger(shots) else {
                throw .validation("options.default_shots must be a positive integer")
            }
            defaultShots = count
        }
        if let precision = value["default_precision"], precision != .null {
            guard let number = precision.doubleValue, number.isFinite, number >= 0 else {
                throw .validation("options.default_precision must be a number >= 0")
            }
            defaultPrecision = number
        }
        seedEstimator = try Self.seed(value["seed_estimator"], "options.seed_estimator")
        if let simulator = value["simulator"], simulator != .null {
            guard case .object = simulator else { throw .validation("options.simulator must be an object") }
            seedSimulator = try Self.seed(simulator["seed_simulator"], "options.simulator.seed_simulator")
        }
    }

    /// A positive integer (a whole double is accepted), or nil.
    static func positiveInteger(_ value: JSONValue) -> Int? {
        switch value {
        case .integer(let integer) where integer > 0 && integer <= Int64(Int32.max): return Int(integer)
        case .double(let double) where double > 0 && double <= Double(Int32.max) && double == double.rounded(): return Int(double)
        default: return nil
        }
    }

    private static func seed(_ value: JSONValue?, _ name: String) throws(JobFailure) -> UInt64? {
        guard let value, value != .null else { return nil }
        switch value {
        case .integer(let integer): return UInt64(bitPattern: integer)
        case .bigInteger(let text):
            guard let seed = UInt64(text) else { throw .validation("\(name) must be an integer of at most 64 bits") }
            return seed
        default: throw .validation("\(name) must be an integer")
        }
    }
}
