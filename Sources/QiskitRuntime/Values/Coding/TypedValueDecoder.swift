#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `Decoder` reading a ``RuntimeValue`` tree (no JSON text involved).
///
/// Besides the standard types it understands the tagged values: ``Complex``, ``NDArray``,
/// ``RuntimeDateTime``, `Date` (from a datetime, ISO text or seconds since 1970), ``RuntimeValue``
/// and ``RuntimeObject`` fields; an ndarray can also be read as nested arrays (`[Double]`,
/// `[[Int]]`…), a set as an array, and NaN and infinities as doubles.
struct TypedValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: RuntimeValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: RuntimeValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let object = value.objectValue else { throw CodingPath.mismatch("an object", value, codingPath) }
        return KeyedDecodingContainer(TypedKeyedDecodingContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements), .set(let elements):
            return TypedUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
        case .ndarray(let array):
            guard case .array(let elements) = array.nestedValues else {
                throw CodingPath.mismatch("an array", value, codingPath)
            }
            return TypedUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
        default:
            throw CodingPath.mismatch("an array", value, codingPath)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: - Single value

    func decodeNil() -> Bool { value.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw CodingPath.mismatch("a Boolean", value, codingPath) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let text): return text
        case .datetime(let date): return date.isoText
        default: throw CodingPath.mismatch("a string", value, codingPath)
        }
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let number = value.numberValue else { throw CodingPath.mismatch("a number", value, codingPath) }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let result: T?
        switch value {
        case .integer(let number): result = T(exactly: number)
        case .bigInteger(let text): result = T(text)
        case .double(let number): result = number.isFinite ? T(exactly: number) : nil
        default: throw CodingPath.mismatch("an integer", value, codingPath)
        }
        guard let result else {
            throw RuntimeError(.decodingFailed, "at \(CodingPath.describe(codingPath)): \(value.json.prefix(40)) does not fit in \(T.self)")
        }
        return result
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try TypedValueDecoder.unbox(value, as: type, codingPath: codingPath)
    }

    /// Decodes `value` as `T`, handling the tagged types before falling back to `T(from:)`.
    static func unbox<T: Decodable>(_ value: RuntimeValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        let special: Any?
        switch type {
        case is RuntimeValue.Type:
            special = value
        case is Complex.Type:
            guard let number = value.complexValue else { throw CodingPath.mismatch("a complex", value, codingPath) }
            special = number
        case is NDArray.Type:
            guard let array = value.ndarrayValue else { throw CodingPath.mismatch("an ndarray", value, codingPath) }
            special = array
        case is RuntimeObject.Type:
            guard let object = value.objectValue else { throw CodingPath.mismatch("an object", value, codingPath) }
            special = object
        case is RuntimeDateTime.Type:
            special = try dateTime(value, codingPath: codingPath)
        case is Date.Type:
            switch value {
            case .integer, .double, .bigInteger: special = Date(timeIntervalSince1970: value.numberValue ?? 0)
            default: special = try dateTime(value, codingPath: codingPath).date(assumingUTCOffset: 0)
            }
        default:
            special = nil
        }
        if let special {
            guard let result = special as? T else { throw CodingPath.mismatch("\(T.self)", value, codingPath) }
            return result
        }
        do {
            return try T(from: TypedValueDecoder(value: value, codingPath: codingPath))
        } catch let error as RuntimeError {
            throw error
        } catch let error as DecodingError {
            throw RuntimeError(.decodingFailed, TypedValueDecoder.describe(error))
        } catch {
            throw RuntimeError(.decodingFailed, "at \(CodingPath.describe(codingPath)): \(error)")
        }
    }

    private static func dateTime(_ value: RuntimeValue, codingPath: [any CodingKey]) throws -> RuntimeDateTime {
        switch value {
        case .datetime(let date): return date
        case .string(let text):
            do {
                return try RuntimeDateTime(isoText: text)
            } catch {
                throw RuntimeError(.decodingFailed, "at \(CodingPath.describe(codingPath)): not an ISO 8601 datetime")
            }
        default: throw CodingPath.mismatch("a datetime", value, codingPath)
        }
    }

    /// A `DecodingError` thrown by user code, as a message with its coding path.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            return "at \(CodingPath.describe(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
