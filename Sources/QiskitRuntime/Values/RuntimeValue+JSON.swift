import RuntimeWire

extension RuntimeValue {
    /// The largest `.npy` payload one `ndarray` value may inflate to (1 GiB), whatever the
    /// document's decode budget (``RuntimeConfiguration/DecodeBudget``) leaves.
    public static let maximumArrayBytes = 1 << 30

    /// Decodes RuntimeEncoder JSON text the way Python's `ResultDecoder.decode` does.
    ///
    /// Tagged objects (`{"__type__": …, "__value__": …}`) are replaced bottom-up, as Python's
    /// object hook does; objects with an unknown tag stay plain objects. Text that is not JSON
    /// at all decodes to `.string(text)` (Python returns the raw text on a JSON syntax error);
    /// use ``init(validatingJSON:)`` to get an error instead. The arrays are decoded within the
    /// default ``RuntimeConfiguration/DecodeBudget``; see ``init(json:decodeBudget:)``.
    ///
    /// - Throws: `RuntimeError(.invalidValue)` when the text is valid JSON but a tagged value is
    ///   malformed: a `__type__` without `__value__`, an `ndarray` whose payload is not
    ///   base64/zlib/`.npy`, a `complex` that is not two numbers, a `datetime` that is not ISO
    ///   text, a `settings` without module and class. Python raises in these cases too.
    ///   `RuntimeError(.decodeBudgetExceeded)` when the arrays would inflate to more than the
    ///   document's budget.
    public init(json: String) throws {
        try self.init(json: json, decodeBudget: RuntimeConfiguration.DecodeBudget())
    }

    /// Decodes RuntimeEncoder JSON text like ``init(json:)``, with the `ndarray` values of the
    /// document inflating to at most `decodeBudget.limit(forDocumentBytes:)` bytes in total.
    /// - Throws: as ``init(json:)``; `RuntimeError(.decodeBudgetExceeded)` (naming the budget)
    ///   before inflating an array whose declared size does not fit in what is left.
    public init(json: String, decodeBudget: RuntimeConfiguration.DecodeBudget) throws {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(json)
        } catch let error as WireError where error.code == .invalidJSON {
            self = .string(json)
            return
        }
        self = try RuntimeValue(jsonValue: parsed, allowance: ByteAllowance(limit: decodeBudget.limit(forDocumentBytes: json.utf8.count)))
    }

    /// Decodes the UTF-8 bytes of a result body exactly as ``init(json:decodeBudget:)`` decodes
    /// `String(decoding: bytes, as: UTF8.self)`, without making that string unless the bytes are
    /// not JSON.
    init(utf8 bytes: [UInt8], decodeBudget: RuntimeConfiguration.DecodeBudget) throws {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(bytes)
        } catch let error as WireError where error.code == .invalidJSON {
            // Not JSON as bytes (or not UTF-8): decode the text the bytes make, as before.
            self = try RuntimeValue(json: String(decoding: bytes, as: UTF8.self), decodeBudget: decodeBudget)
            return
        }
        self = try RuntimeValue(jsonValue: parsed, allowance: ByteAllowance(limit: decodeBudget.limit(forDocumentBytes: bytes.count)))
    }

    /// Decodes RuntimeEncoder JSON text like ``init(json:)``, but throws
    /// `RuntimeError(.invalidJSON)` (with the byte offset) when the text is not JSON.
    public init(validatingJSON json: String) throws {
        let budget = RuntimeConfiguration.DecodeBudget().limit(forDocumentBytes: json.utf8.count)
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(json)
        } catch let error as WireError {
            throw RuntimeError(error)
        }
        self = try RuntimeValue(jsonValue: parsed, allowance: ByteAllowance(limit: budget))
    }

    /// Decodes a parsed JSON document, replacing tagged objects bottom-up, with its `ndarray`
    /// values drawing from `allowance` (by default the largest default budget, for documents
    /// whose text size is not known). The payloads of a large document are decoded on the
    /// compute pool first (``NDArrayPrefetch``).
    package init(jsonValue: JSONValue, allowance: ByteAllowance? = nil) throws {
        let allowance = allowance ?? ByteAllowance(limit: RuntimeConfiguration.DecodeBudget().maximumBytes)
        var context = DecodeContext(
            prefetch: NDArrayPrefetch(jsonValue, allowance: allowance, maxArrayBytes: RuntimeValue.maximumArrayBytes),
            allowance: allowance)
        self = try RuntimeValue.decode(jsonValue, &context)
    }

    /// What the tag pass carries: the prefetched arrays and the document's allowance.
    private struct DecodeContext {
        var prefetch: NDArrayPrefetch?
        let allowance: ByteAllowance
    }

    private static func decode(_ json: JSONValue, _ context: inout DecodeContext) throws -> RuntimeValue {
        switch json {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .bigInteger(let value): return .bigInteger(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let elements):
            var values: [RuntimeValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try decode(element, &context)) }
            return .array(values)
        case .object(let members):
            var list: [RuntimeObject.Member] = []
            list.reserveCapacity(members.count)
            // Only an object with a `__type__` key can be tagged: note it on the way instead of
            // searching every (often 1,024-key) object again. The length test skips most keys
            // without a string comparison.
            var mayBeTagged = false
            for member in members {
                if !mayBeTagged, member.key.utf8.count == 8, member.key == "__type__" { mayBeTagged = true }
                list.append((member.key, try decode(member.value, &context)))
            }
            let object = RuntimeObject(memberList: list)
            return mayBeTagged ? try decodeTagged(object, &context) : .object(object)
        }
    }

    /// Python's object hook: replaces an object carrying `__type__`.
    private static func decodeTagged(_ object: RuntimeObject, _ context: inout DecodeContext) throws -> RuntimeValue {
        guard let tag = object["__type__"] else { return .object(object) }
        guard let payload = object["__value__"] else {
            throw RuntimeError(.invalidValue, "tagged value \(tag.json) has no __value__")
        }
        guard case .string(let name) = tag else { return .object(object) }
        switch name {
        case "complex":
            guard case .array(let parts) = payload, parts.count == 2,
                  let real = parts[0].numberValue, let imaginary = parts[1].numberValue
            else { throw RuntimeError(.invalidValue, "complex payload is not [real, imag]: \(payload.json.prefix(80))") }
            return .complex(Complex(real, imaginary))
        case "ndarray":
            switch payload {
            case .string(let text):
                if let decoded = context.prefetch?.take(text) { return .ndarray(try decoded.get()) }
                return .ndarray(try decodeArray(text, allowance: context.allowance))
            case .array(let elements): return .ndarray(NDArray(objects: elements))
            case .integer, .bigInteger, .double, .bool, .null: return .ndarray(NDArray(objectScalar: payload))
            default: throw RuntimeError(.invalidValue, "ndarray payload is neither base64 text nor a list")
            }
        case "set":
            guard case .array(let elements) = payload else { throw RuntimeError(.invalidValue, "set payload is not a list") }
            return .set(elements)
        case "datetime":
            guard case .string(let text) = payload else { throw RuntimeError(.invalidValue, "datetime payload is not text") }
            return .datetime(try RuntimeDateTime(isoText: text))
        case "Result":
            guard case .object(let dict) = payload else { throw RuntimeError(.invalidValue, "Result payload is not an object") }
            return .result(dict)
        case "to_json":
            return .toJSON(payload)
        case "settings":
            guard case .string(let module)? = object["__module__"], case .string(let className)? = object["__class__"] else {
                throw RuntimeError(.invalidValue, "settings value without __module__ and __class__")
            }
            guard case .object(let dict) = castIntegerKeys(payload) else {
                throw RuntimeError(.invalidValue, "settings payload is not an object")
            }
            return .settings(module: module, class: className, value: dict)
        default:
            if opaqueTags.contains(name) { return .opaque(tag: name, payload: payload) }
            return .object(object)
        }
    }

    /// Decodes one `ndarray` payload (base64 of a zlib stream of a `.npy` file), drawing its
    /// memory from `allowance`.
    static func decodeArray(_ text: String, allowance: ByteAllowance) throws(RuntimeError) -> NDArray {
        do {
            let compressed = try Base64.decode(text)
            return NDArray(npy: try NPY.read(deflated: compressed, maxOutput: maximumArrayBytes, allowance: allowance))
        } catch let error as WireError where error.code == .decodeBudgetExceeded {
            throw RuntimeError(error)
        } catch let error as WireError {
            throw RuntimeError(.invalidValue, "ndarray payload: \(error.code): \(error.message)", offset: error.offset)
        } catch {
            throw RuntimeError(.invalidValue, "ndarray payload: \(error)")
        }
    }

    /// Removes `__int_keys__` flags (at any depth of objects and lists) and records them.
    private static func castIntegerKeys(_ value: RuntimeValue) -> RuntimeValue {
        switch value {
        case .object(let object):
            var flagged = false
            var members: [(String, RuntimeValue)] = []
            members.reserveCapacity(object.count)
            for (key, member) in object {
                if key == "__int_keys__" {
                    flagged = true
                    continue
                }
                members.append((key, castIntegerKeys(member)))
            }
            return .object(RuntimeObject(members, hasIntegerKeys: flagged || object.hasIntegerKeys))
        case .array(let elements):
            return .array(elements.map(castIntegerKeys))
        default:
            return value
        }
    }

    // MARK: - Encoding

    /// The value as RuntimeEncoder JSON text, written as Python's `json.dumps` writes it
    /// (`", "` and `": "` separators, non-ASCII escaped, bare `NaN`/`Infinity`, doubles with a
    /// fractional part), so that Python's `RuntimeDecoder` decodes it to an equal value.
    /// Arrays are written as base64(zlib(`.npy` 1.0)) with their dtype, byte order, shape and order.
    public var json: String {
        JSONWriter.write(jsonValue)
    }

    /// The value as a JSON document with tagged objects.
    package var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .bigInteger(let value): return .bigInteger(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let elements): return .array(elements.map(\.jsonValue))
        case .object(let object): return RuntimeValue.encode(object)
        case .complex(let value):
            return RuntimeValue.tagged("complex", .array([.double(value.real), .double(value.imaginary)]))
        case .ndarray(let array): return RuntimeValue.tagged("ndarray", RuntimeValue.encodeArray(array))
        case .datetime(let value): return RuntimeValue.tagged("datetime", .string(value.isoText))
        case .set(let elements): return RuntimeValue.tagged("set", .array(elements.map(\.jsonValue)))
        case let .settings(module, className, value):
            return .object([
                JSONMember("__type__", .string("settings")),
                JSONMember("__module__", .string(module)),
                JSONMember("__class__", .string(className)),
                JSONMember("__value__", RuntimeValue.encode(value)),
            ])
        case .toJSON(let payload): return RuntimeValue.tagged("to_json", payload.jsonValue)
        case .result(let object): return RuntimeValue.tagged("Result", RuntimeValue.encode(object))
        case let .opaque(tag, payload): return RuntimeValue.tagged(tag, payload.jsonValue)
        }
    }

    private static func tagged(_ tag: String, _ payload: JSONValue) -> JSONValue {
        .object([JSONMember("__type__", .string(tag)), JSONMember("__value__", payload)])
    }

    private static func encode(_ object: RuntimeObject) -> JSONValue {
        var members = object.members.map { JSONMember($0.key, $0.value.jsonValue) }
        if object.effectiveIntegerKeys { members.append(JSONMember("__int_keys__", .bool(true))) }
        return .object(members)
    }

    private static func encodeArray(_ array: NDArray) -> JSONValue {
        guard let npy = array.npy else {
            if array.shape.isEmpty, let scalar = array.objectElements.first { return scalar.jsonValue }
            return .array(array.objectElements.map(\.jsonValue))
        }
        let file = NPY.write(npy)
        let compressed = (try? Zlib.deflate(file)) ?? StoredZlib.wrap(file)
        return .string(Base64.encode(compressed))
    }
}
