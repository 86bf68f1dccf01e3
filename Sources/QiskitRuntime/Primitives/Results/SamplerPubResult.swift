/// The result of one sampler pub: its data (a ``BitArray`` per classical register) and metadata
/// (qiskit's `SamplerPubResult`).
///
/// ```swift
/// let pub = result[0]
/// let counts = pub.data["meas"]?.counts() ?? [:]
/// let joined = try pub.joinedData().counts()   // all registers, the last one leftmost
/// ```
public struct SamplerPubResult: Sendable, Hashable {
    /// The measured registers.
    public let data: SamplerPubData
    /// The pub's metadata as sent (`circuit_metadata`, `num_randomizations`…).
    public let metadata: RuntimeObject

    /// Creates a pub result.
    public init(data: SamplerPubData, metadata: RuntimeObject = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// The pub's shape.
    public var shape: [Int] { data.shape }

    /// The registers `names` (default: all, in circuit order) joined into one bit array
    /// (qiskit's `join_data`): the first register's bits are the least significant, so its
    /// characters are the rightmost of each bitstring.
    /// - Throws: `RuntimeError(.invalidArgument)` for an unknown name or when there is no register.
    public func joinedData(names: [String]? = nil) throws -> BitArray {
        let names = names ?? data.registers.map(\.name)
        guard !names.isEmpty else { throw RuntimeError(.invalidArgument, "no register to join") }
        let arrays = try names.map { name -> BitArray in
            guard let bits = data[name] else { throw RuntimeError(.invalidArgument, "no register named \(name)") }
            return bits
        }
        return try BitArray.concatenatedBits(arrays)
    }

    /// Reads a tagged `SamplerPubResult` (or `PubResult`), or a plain `{"data": …, "metadata": …}`.
    init(_ value: RuntimeValue, _ reader: PrimitiveValueReader) throws {
        let (_, payload) = PrimitiveValueReader.untag(value)
        let object = try reader.object(payload)
        data = try SamplerPubData(object["data"] ?? .object([:]), reader.appending("data"))
        metadata = object["metadata"]?.objectValue ?? [:]
    }
}
