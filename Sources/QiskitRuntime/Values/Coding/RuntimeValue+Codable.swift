import RuntimeWire

extension RuntimeValue: Codable {
    /// Decodes from any decoder. Over a ``RuntimeValue`` (``decode(as:)``) the value is taken as
    /// is; with another decoder (such as `JSONDecoder`) the plain JSON is read and its tagged
    /// objects are replaced as in ``init(json:)`` (object key order follows that decoder).
    public init(from decoder: any Decoder) throws {
        if let typed = decoder as? TypedValueDecoder {
            self = typed.value
            return
        }
        let container = try decoder.singleValueContainer()
        let plain: JSONValue
        if container.decodeNil() {
            plain = .null
        } else if let flag = try? container.decode(Bool.self) {
            plain = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            plain = .integer(number)
        } else if let number = try? container.decode(Double.self) {
            plain = .double(number)
        } else if let text = try? container.decode(String.self) {
            plain = .string(text)
        } else if let elements = try? container.decode([RuntimeValue].self) {
            plain = .array(elements.map(\.jsonValue))
        } else if let members = try? container.decode([String: RuntimeValue].self) {
            plain = .object(members.sorted { $0.key < $1.key }.map { JSONMember($0.key, $0.value.jsonValue) })
        } else {
            throw RuntimeError(.decodingFailed, "at \(CodingPath.describe(decoder.codingPath)): not a JSON value")
        }
        self = try RuntimeValue(jsonValue: plain)
    }

    /// Encodes the RuntimeEncoder JSON form (tagged objects included) into any encoder.
    public func encode(to encoder: any Encoder) throws {
        if let typed = encoder as? TypedValueEncoder {
            typed.box.content = .single(self)
            return
        }
        try RuntimeValue.encodePlain(jsonValue, to: encoder)
    }

    private static func encodePlain(_ json: JSONValue, to encoder: any Encoder) throws {
        switch json {
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try encodePlain(element, to: container.superEncoder()) }
        case .object(let members):
            var container = encoder.container(keyedBy: AnyCodingKey.self)
            for member in members { try encodePlain(member.value, to: container.superEncoder(forKey: AnyCodingKey(stringValue: member.key))) }
        default:
            var container = encoder.singleValueContainer()
            switch json {
            case .null: try container.encodeNil()
            case .bool(let flag): try container.encode(flag)
            case .integer(let number): try container.encode(number)
            case .bigInteger(let text): try container.encode(Double(text) ?? 0)
            case .double(let number): try container.encode(number)
            case .string(let text): try container.encode(text)
            case .array, .object: break
            }
        }
    }
}
