/// The keyed container of ``TypedValueEncoder``.
struct TypedKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: TypedEncodingBox
    let codingPath: [any CodingKey]

    private func encoder(_ key: Key) -> TypedValueEncoder {
        TypedValueEncoder(box: box.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) throws { try encoder(key).encodeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder(key).encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TypedValueEncoder(box: box.member("super"), codingPath: codingPath + [AnyCodingKey(stringValue: "super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder(key) }
}
