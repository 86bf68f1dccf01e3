/// The unkeyed container of ``TypedValueEncoder``.
struct TypedUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let box: TypedEncodingBox
    let codingPath: [any CodingKey]

    var count: Int { box.elementCount }

    private func encoder() -> TypedValueEncoder {
        let key = AnyCodingKey(intValue: box.elementCount)
        return TypedValueEncoder(box: box.element(), codingPath: codingPath + [key])
    }

    mutating func encodeNil() throws { try encoder().encodeNil() }
    mutating func encode(_ value: Bool) throws { try encoder().encode(value) }
    mutating func encode(_ value: String) throws { try encoder().encode(value) }
    mutating func encode(_ value: Double) throws { try encoder().encode(value) }
    mutating func encode(_ value: Float) throws { try encoder().encode(value) }
    mutating func encode(_ value: Int) throws { try encoder().encode(value) }
    mutating func encode(_ value: Int8) throws { try encoder().encode(value) }
    mutating func encode(_ value: Int16) throws { try encoder().encode(value) }
    mutating func encode(_ value: Int32) throws { try encoder().encode(value) }
    mutating func encode(_ value: Int64) throws { try encoder().encode(value) }
    mutating func encode(_ value: UInt) throws { try encoder().encode(value) }
    mutating func encode(_ value: UInt8) throws { try encoder().encode(value) }
    mutating func encode(_ value: UInt16) throws { try encoder().encode(value) }
    mutating func encode(_ value: UInt32) throws { try encoder().encode(value) }
    mutating func encode(_ value: UInt64) throws { try encoder().encode(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder().encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder() }
}
