/// The result of one estimator pub: expectation values and their uncertainties, shaped like the
/// pub (qiskit's `PubResult`/`EstimatorPubResult` with `data.evs`, `data.stds`,
/// `data.ensemble_standard_error`).
///
/// ```swift
/// let pub = result[0]
/// if let value = pub.evs.scalar { print(value, pub.stds.scalar ?? 0) }
/// ```
public struct EstimatorPubResult: Sendable, Hashable {
    /// The expectation values, of the pub's shape (the broadcast of its observables and
    /// parameter values).
    public let evs: ShapedArray<Double>
    /// The standard errors of ``evs``.
    public let stds: ShapedArray<Double>
    /// The standard errors over the twirling ensemble, when the service sends them.
    public let ensembleStandardError: ShapedArray<Double>?
    /// The data fields besides these three (resilience extras such as `evs_extrapolated`), as sent.
    public let otherData: RuntimeObject
    /// The pub's metadata as sent (`target_precision`, `shots`, `circuit_metadata`…).
    public let metadata: RuntimeObject

    /// Creates a pub result.
    /// - Throws: `RuntimeError(.invalidArgument)` when the shapes differ.
    public init(evs: ShapedArray<Double>, stds: ShapedArray<Double>, ensembleStandardError: ShapedArray<Double>? = nil,
                otherData: RuntimeObject = [:], metadata: RuntimeObject = [:]) throws {
        guard stds.shape == evs.shape, ensembleStandardError.map({ $0.shape == evs.shape }) ?? true else {
            throw RuntimeError(.invalidArgument, "evs of shape \(ShapeMath.describe(evs.shape)) with stds of shape \(ShapeMath.describe(stds.shape))")
        }
        self.evs = evs
        self.stds = stds
        self.ensembleStandardError = ensembleStandardError
        self.otherData = otherData
        self.metadata = metadata
    }

    /// The pub's shape.
    public var shape: [Int] { evs.shape }

    /// Reads a tagged `PubResult`/`EstimatorPubResult` (a `DataBin` of float64 ndarrays), or a plain
    /// `{"data": {"evs": …, "stds": …}, "metadata": …}` (numbers or nested lists).
    init(_ value: RuntimeValue, _ reader: PrimitiveValueReader) throws {
        let (_, payload) = PrimitiveValueReader.untag(value)
        let object = try reader.object(payload)
        let dataReader = reader.appending("data")
        let (dataTag, dataPayload) = PrimitiveValueReader.untag(object["data"] ?? .null)
        let data = try dataReader.object(dataPayload)
        let fields = dataTag == "DataBin" || data["fields"] != nil ? try dataReader.appending("fields").object(data["fields"]) : data
        let evs = try dataReader.appending("evs").doubles(fields["evs"])
        let stds = try fields["stds"].map { try dataReader.appending("stds").doubles($0) }
            ?? ShapedArray(Array(repeating: .nan, count: evs.count), shape: evs.shape)
        let ensemble = try fields["ensemble_standard_error"].map { try dataReader.appending("ensemble_standard_error").doubles($0) }
        var others = RuntimeObject()
        for (key, field) in fields where !["evs", "stds", "ensemble_standard_error"].contains(key) { others[key] = field }
        if dataTag == "DataBin" || data["shape"] != nil, let declared = data["shape"], declared != .null {
            let shape = try dataReader.appending("shape").shape(declared)
            guard shape == evs.shape else {
                throw dataReader.error("evs of shape \(ShapeMath.describe(evs.shape)) in data of shape \(ShapeMath.describe(shape))")
            }
        }
        do {
            try self.init(evs: evs, stds: stds, ensembleStandardError: ensemble, otherData: others,
                          metadata: object["metadata"]?.objectValue ?? [:])
        } catch let error as RuntimeError {
            throw dataReader.error(error.message)
        }
    }
}
