/// A value as Qiskit Runtime programs exchange them: JSON extended with the tagged values of
/// Python's `RuntimeEncoder` / `RuntimeDecoder` (PROTOCOL.md §5).
///
/// Decode result text with ``init(json:)`` (or a ``ResultDecoder``); encode program inputs with
/// ``json``, or build values from literals:
///
/// ```swift
/// let inputs: RuntimeValue = ["iterations": 3, "angles": [0.5, .nan], "label": nil]
/// let value = try RuntimeValue(json: text)
/// let energy = value["energy"]?.doubleValue
/// let typed = try value.decode(as: MyResult.self)
/// ```
///
/// Integers and doubles stay apart (`3` and `3.0` differ, as in Python). Equality treats NaN as
/// equal to NaN so values compare after a round trip; objects compare like Python dicts
/// (key order ignored).
public enum RuntimeValue: Sendable, Hashable {
    /// JSON `null`, Python `None`.
    case null
    /// A Boolean.
    case bool(Bool)
    /// An integer that fits in `Int64`.
    case integer(Int64)
    /// An integer outside `Int64`, as its exact decimal text (optional `-`, then digits).
    case bigInteger(String)
    /// A double, including NaN and ±infinity (bare `NaN`/`Infinity` tokens on the wire).
    case double(Double)
    /// A string.
    case string(String)
    /// A JSON array (Python list or tuple).
    case array([RuntimeValue])
    /// A JSON object (Python dict), key order preserved. Also what an unknown `__type__` tag decodes to.
    case object(RuntimeObject)
    /// Tag `complex`: a complex number.
    case complex(Complex)
    /// Tag `ndarray`: a numpy array.
    indirect case ndarray(NDArray)
    /// Tag `datetime`: a Python `datetime` or `date`, kept as its ISO text.
    indirect case datetime(RuntimeDateTime)
    /// Tag `set`: a Python set, its elements in the order sent.
    case set([RuntimeValue])
    /// Tag `settings`: an object rebuilt from its settings, such as a `SparsePauliOp`, with its
    /// Python module and class names. Integer keys follow ``RuntimeObject/hasIntegerKeys``.
    indirect case settings(module: String, class: String, value: RuntimeObject)
    /// Tag `to_json`: the payload of an object's `to_json()` (usually a JSON string), unchanged.
    indirect case toJSON(RuntimeValue)
    /// Tag `Result`: a `qiskit.result.Result`, as its `to_dict()` object.
    case result(RuntimeObject)
    /// A QPY or scipy value kept as an opaque blob: its tag (such as `QuantumCircuit`,
    /// `Instruction`, `Parameter`, `ParameterExpression`, `spmatrix`) and its `__value__` payload
    /// (usually base64 text), written back unchanged.
    indirect case opaque(tag: String, payload: RuntimeValue)

    /// The tags kept as ``opaque(tag:payload:)`` blobs.
    public static let opaqueTags: Set<String> = ["QuantumCircuit", "Instruction", "Parameter", "ParameterExpression", "spmatrix"]

    /// Compares values; NaN equals NaN, objects compare regardless of key order.
    public static func == (lhs: RuntimeValue, rhs: RuntimeValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.bigInteger(a), .bigInteger(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        case let (.complex(a), .complex(b)): return a == b
        case let (.ndarray(a), .ndarray(b)): return a == b
        case let (.datetime(a), .datetime(b)): return a == b
        case let (.set(a), .set(b)): return a == b
        case let (.settings(m1, c1, v1), .settings(m2, c2, v2)): return m1 == m2 && c1 == c2 && v1 == v2
        case let (.toJSON(a), .toJSON(b)): return a == b
        case let (.result(a), .result(b)): return a == b
        case let (.opaque(t1, p1), .opaque(t2, p2)): return t1 == t2 && p1 == p2
        default: return false
        }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(1); hasher.combine(value)
        case .integer(let value): hasher.combine(2); hasher.combine(value)
        case .bigInteger(let value): hasher.combine(3); hasher.combine(value)
        case .double(let value):
            hasher.combine(4)
            if value.isNaN { hasher.combine(Double.nan.bitPattern) } else { hasher.combine(value) }
        case .string(let value): hasher.combine(5); hasher.combine(value)
        case .array(let value): hasher.combine(6); hasher.combine(value)
        case .object(let value): hasher.combine(7); hasher.combine(value)
        case .complex(let value): hasher.combine(8); hasher.combine(value)
        case .ndarray(let value): hasher.combine(9); hasher.combine(value)
        case .datetime(let value): hasher.combine(10); hasher.combine(value)
        case .set(let value): hasher.combine(11); hasher.combine(value)
        case let .settings(module, name, value): hasher.combine(12); hasher.combine(module); hasher.combine(name); hasher.combine(value)
        case .toJSON(let value): hasher.combine(13); hasher.combine(value)
        case .result(let value): hasher.combine(14); hasher.combine(value)
        case let .opaque(tag, payload): hasher.combine(15); hasher.combine(tag); hasher.combine(payload)
        }
    }
}
