#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An `Encoder` building a ``RuntimeValue`` tree. ``Complex``, ``NDArray``, `Date`,
/// ``RuntimeDateTime``, ``RuntimeObject`` and ``RuntimeValue`` fields become their tagged values.
struct TypedValueEncoder: Encoder, SingleValueEncodingContainer {
    let box: TypedEncodingBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = box.content {} else { box.content = .keyed([]) }
        return KeyedEncodingContainer(TypedKeyedEncodingContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = box.content {} else { box.content = .unkeyed([]) }
        return TypedUnkeyedEncodingContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { box.content = .single(.null) }
    func encode(_ value: Bool) throws { box.content = .single(.bool(value)) }
    func encode(_ value: String) throws { box.content = .single(.string(value)) }
    func encode(_ value: Double) throws { box.content = .single(.double(value)) }
    func encode(_ value: Float) throws { box.content = .single(.double(Double(value))) }
    func encode(_ value: Int) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: Int8) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: Int16) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: Int32) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: Int64) throws { box.content = .single(.integer(value)) }
    func encode(_ value: UInt) throws { try encode(UInt64(value)) }
    func encode(_ value: UInt8) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: UInt16) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: UInt32) throws { box.content = .single(.integer(Int64(value))) }
    func encode(_ value: UInt64) throws {
        box.content = .single(Int64(exactly: value).map(RuntimeValue.integer) ?? .bigInteger(String(value)))
    }

    func encode<T: Encodable>(_ value: T) throws {
        try TypedValueEncoder.box(value, into: box, codingPath: codingPath)
    }

    /// Encodes `value` into `box`, turning the tagged types into their ``RuntimeValue`` cases.
    static func box<T: Encodable>(_ value: T, into box: TypedEncodingBox, codingPath: [any CodingKey]) throws {
        switch value {
        case let value as RuntimeValue: box.content = .single(value)
        case let value as Complex: box.content = .single(.complex(value))
        case let value as NDArray: box.content = .single(.ndarray(value))
        case let value as RuntimeObject: box.content = .single(.object(value))
        case let value as RuntimeDateTime: box.content = .single(.datetime(value))
        case let value as Date: box.content = .single(.datetime(RuntimeDateTime(value)))
        default: try value.encode(to: TypedValueEncoder(box: box, codingPath: codingPath))
        }
    }
}
