/// The data of one sampler pub: a ``BitArray`` per classical register, by register name
/// (qiskit's `DataBin` of a `SamplerPubResult`).
///
/// ```swift
/// let counts = result[0].data["meas"]?.counts()
/// ```
public struct SamplerPubData: Sendable, Hashable {
    /// The register names in the circuit's order.
    public let names: [String]
    /// The pub's shape.
    public let shape: [Int]
    /// Fields that are not bit arrays (a `kerneled` or `avg_kerneled` measurement's complex
    /// ndarray, say), by name.
    public let arrays: [String: NDArray]
    private let bitArrays: [String: BitArray]

    /// Creates pub data from bit arrays in register order.
    /// - Throws: `RuntimeError(.invalidArgument)` for a repeated name.
    public init(_ registers: [(name: String, bits: BitArray)], shape: [Int]? = nil, arrays: [String: NDArray] = [:]) throws {
        var bitArrays: [String: BitArray] = [:]
        for (name, bits) in registers {
            guard bitArrays.updateValue(bits, forKey: name) == nil, arrays[name] == nil else {
                throw RuntimeError(.invalidArgument, "register \(name) appears twice")
            }
        }
        self.names = registers.map(\.name) + arrays.keys.sorted()
        self.shape = shape ?? registers.first?.bits.shape ?? []
        self.bitArrays = bitArrays
        self.arrays = arrays
    }

    /// The bit array of register `name`, or nil when there is none (or it is not a bit array).
    public subscript(name: String) -> BitArray? { bitArrays[name] }

    /// The bit arrays in register order.
    public var registers: [(name: String, bits: BitArray)] {
        names.compactMap { name in bitArrays[name].map { (name, $0) } }
    }

    /// Compares names, shape and fields.
    public static func == (lhs: SamplerPubData, rhs: SamplerPubData) -> Bool {
        lhs.names == rhs.names && lhs.shape == rhs.shape && lhs.bitArrays == rhs.bitArrays && lhs.arrays == rhs.arrays
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(names)
        hasher.combine(shape)
        hasher.combine(bitArrays)
        hasher.combine(arrays)
    }

    /// Reads a tagged `DataBin` (fields of `BitArray`s) or a plain `data` object (per register
    /// `{"samples": [hex…], "num_bits": n}`).
    init(_ value: RuntimeValue, _ reader: PrimitiveValueReader) throws {
        let (tag, payload) = PrimitiveValueReader.untag(value)
        let object = try reader.object(payload)
        var registers: [(name: String, bits: BitArray)] = []
        var arrays: [String: NDArray] = [:]
        var shape: [Int]?
        if tag == "DataBin" || (object["fields"] != nil && object["field_names"] != nil) {
            let fields = try reader.appending("fields").object(object["fields"])
            let order = try object["field_names"].map { try reader.appending("field_names").array($0).map { element -> String in
                guard case .string(let name) = element else { throw reader.error("field_names holds \(PrimitiveValueReader.kind(element))") }
                return name
            } } ?? fields.keys
            if let declared = object["shape"], declared != .null { shape = try reader.appending("shape").shape(declared) }
            for name in order {
                let fieldReader = reader.appending(name)
                guard let field = fields[name] else { throw fieldReader.error("listed in field_names but missing") }
                let (fieldTag, fieldPayload) = PrimitiveValueReader.untag(field)
                if fieldTag == "BitArray" {
                    registers.append((name, try BitArray(taggedPayload: fieldPayload, fieldReader)))
                } else if case .ndarray(let array) = field {
                    arrays[name] = array
                } else {
                    throw fieldReader.error("expected a BitArray or an ndarray, found \(PrimitiveValueReader.kind(field))")
                }
            }
        } else {
            for (name, field) in object {
                registers.append((name, try BitArray(plain: field, reader.appending(name))))
            }
        }
        if let shape {
            for (name, bits) in registers where bits.shape != shape {
                throw reader.appending(name).error("bit array of shape \(ShapeMath.describe(bits.shape)) in data of shape \(ShapeMath.describe(shape))")
            }
        } else if let first = registers.first, let other = registers.first(where: { $0.bits.shape != first.bits.shape }) {
            throw reader.appending(other.name).error("shape \(ShapeMath.describe(other.bits.shape)) differs from \(first.name)'s \(ShapeMath.describe(first.bits.shape))")
        }
        do {
            try self.init(registers, shape: shape, arrays: arrays)
        } catch let error as RuntimeError {
            throw reader.error(error.message)
        }
    }
}
