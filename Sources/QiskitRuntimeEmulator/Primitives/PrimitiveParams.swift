import RuntimeWire

/// The params of a Sampler or Estimator job, checked for their structure when the job is
/// submitted (cheaply: circuits are read later, on the simulator's threads).
///
/// `{"pubs": […], "options": {…}, "version": 2, "support_qiskit": true?, "resilience_level"?}`
/// (PLATFORM.md §5). A Sampler pub is `[circuit, parameter_values?, shots?]` (a bare circuit is
/// a pub of its own), an Estimator pub `[circuit, observables, parameter_values?, precision?]`.
struct PrimitiveParams: Sendable {
    /// The primitive.
    var kind: PrimitiveKind
    /// Each pub's elements, as sent.
    var pubs: [[JSONValue]]
    /// The options the simulator uses.
    var options: PrimitiveOptions
    /// `support_qiskit`: the result is written with RuntimeEncoder tags (`PrimitiveResult` …)
    /// when true, as plain JSON otherwise.
    var supportQiskit: Bool
    /// `resilience_level` (Estimator), if given.
    var resilienceLevel: Int?

    /// The most pubs a job may have.
    static let maximumPubs = 10_000

    /// Reads the params object (`inputs` of the job).
    /// - Throws: ``JobFailure/validation(_:)`` naming what is missing or malformed.
    init(kind: PrimitiveKind, params: JSONValue) throws(JobFailure) {
        self.kind = kind
        guard case .object = params else { throw .validation("the job's params must be an object") }
        if let version = params["version"], version != .null, version.doubleValue != 2 {
            throw .validation("only version 2 of the \(kind.rawValue) is supported, not version \(JSONWriter.write(version, style: .compact))")
        }
        guard let list = params["pubs"] else {
            throw .validation("the \(kind.rawValue) needs 'pubs': a list of \(kind == .sampler ? "[circuit, parameter_values, shots]" : "[circuit, observables, parameter_values, precision]")")
        }
        guard let elements = list.arrayValue else { throw .validation("'pubs' must be a list") }
        guard elements.count <= Self.maximumPubs else {
            throw .validation("a job may have at most \(Self.maximumPubs) pubs, not \(elements.count)")
        }
        let range = kind == .sampler ? 1...3 : 2...4
        var pubs: [[JSONValue]] = []
        pubs.reserveCapacity(elements.count)
        for (index, pub) in elements.enumerated() {
            var items: [JSONValue]
            let shape = kind == .sampler ? "[circuit, parameter_values, shots]" : "[circuit, observables, parameter_values, precision]"
            switch pub {
            case .array(let values):
                items = values
            case .string, .object:
                // A bare circuit is a Sampler pub of its own.
                guard kind == .sampler else { throw .validation("pub \(index) must be a list \(shape)") }
                items = [pub]
            default:
                throw .validation("pub \(index) must be a list \(shape)")
            }
            guard range.contains(items.count) else {
                throw .validation("pub \(index) has \(items.count) elements; a \(kind.rawValue) pub has \(range.lowerBound) to \(range.upperBound)")
            }
            while items.count < range.upperBound { items.append(.null) }
            pubs.append(items)
        }
        self.pubs = pubs
        options = try PrimitiveOptions(params["options"])
        supportQiskit = params["support_qiskit"]?.boolValue ?? false
        if let level = params["resilience_level"], level != .null {
            guard let integer = level.integerValue, (0...2).contains(integer) else {
                throw .validation("'resilience_level' must be 0, 1 or 2")
            }
            resilienceLevel = Int(integer)
        }
    }
}
