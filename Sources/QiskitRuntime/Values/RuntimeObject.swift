/// A JSON object / Python dict of ``RuntimeValue``s that keeps its keys in order.
///
/// Keys are unique: as in a Python dict, assigning an existing key replaces its value in place,
/// and decoding a document with a repeated key keeps the first position and the last value.
/// Equality, like Python's dict equality, ignores the order of keys.
///
/// ``hasIntegerKeys`` models the `__int_keys__` convention of `settings` values (PROTOCOL.md
/// §5.2): when it is set, keys that read as integers (`"1"`, `"-2"`) stand for Python `int` keys,
/// and encoding adds `"__int_keys__": true` after the members, as Python does.
public struct RuntimeObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One key and its value.
    public typealias Member = (key: String, value: RuntimeValue)

    /// The members in order.
    public private(set) var members: [Member]

    /// Whether keys that read as integers stand for Python `int` keys (the `__int_keys__` flag).
    public var hasIntegerKeys: Bool

    /// An empty object.
    public init() {
        members = []
        hasIntegerKeys = false
    }

    /// Creates an object from members in order; a repeated key keeps its first position and last value.
    public init(_ members: some Sequence<(String, RuntimeValue)>, hasIntegerKeys: Bool = false) {
        var list: [Member] = []
        list.reserveCapacity(members.underestimatedCount)
        for (key, value) in members { list.append((key, value)) }
        self.init(memberList: list, hasIntegerKeys: hasIntegerKeys)
    }

    /// Creates an object from a member list already built (the decoder's path: no copy); a
    /// repeated key keeps its first position and last value, as in ``init(_:hasIntegerKeys:)``.
    init(memberList: [Member], hasIntegerKeys: Bool = false) {
        var list = memberList
        if RuntimeObject.hasDuplicateKeys(list) {
            var unique: [Member] = []
            var positions: [String: Int] = [:]
            for member in list {
                if let position = positions[member.key] {
                    unique[position].value = member.value
                } else {
                    positions[member.key] = unique.count
                    unique.append(member)
                }
            }
            list = unique
        }
        self.members = list
        self.hasIntegerKeys = hasIntegerKeys
    }

    /// Whether two members share a key: pairwise for small objects, otherwise with an
    /// open-addressing table (at most a quarter full) whose entries keep the upper half of the key's
    /// hash next to its position, so strings are compared only when those 32 bits agree.
    private static func hasDuplicateKeys(_ list: [Member]) -> Bool {
        if list.count <= 12 {
            for i in 1..<Swift.max(list.count, 1) {
                for j in 0..<i where list[i].key == list[j].key { return true }
            }
            return false
        }
        var capacity = 64
        while capacity < list.count * 4 { capacity *= 2 }
        let mask = capacity - 1
        // Entry: hash bits 32...63, then position + 1 in the low 32 bits; 0 is empty.
        var table = [UInt64](repeating: 0, count: capacity)
        for (position, member) in list.enumerated() {
            let hash = keyHash(member.key)
            let high = hash & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 {
                let entry = table[slot]
                if entry & 0xFFFF_FFFF_0000_0000 == high, list[Int(entry & 0xFFFF_FFFF) - 1].key == member.key { return true }
                slot = (slot + 1) & mask
            }
            table[slot] = high | UInt64(position + 1)
        }
        return false
    }

    /// A 64-bit hash of the key's UTF-8 bytes, eight bytes per step.
    private static func keyHash(_ key: String) -> UInt64 {
        func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
            let raw = UnsafeRawBufferPointer(bytes)
            var index = 0
            while bytes.count - index >= 8 {
                hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 32
            return hash &* 0xFF51_AFD7_ED55_8CCD
        }
        return key.utf8.withContiguousStorageIfAvailable(hash) ?? Array(key.utf8).withUnsafeBufferPointer(hash)
    }

    /// Creates an object from a dictionary literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, RuntimeValue)...) {
        self.init(elements)
    }

    /// The value for `key`; assigning nil removes the key, assigning a new key appends it.
    public subscript(key: String) -> RuntimeValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            let index = members.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case let (index?, value?): members[index].value = value
            case let (index?, nil): members.remove(at: index)
            case let (nil, value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }
    /// The values in key order.
    public var values: [RuntimeValue] { members.map(\.value) }
    /// The number of members.
    public var count: Int { members.count }
    /// Whether there are no members.
    public var isEmpty: Bool { members.isEmpty }

    /// Iterates over the members in order.
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    /// Whether a key reads as a Python `int` literal (optional sign, ASCII digits).
    static func isIntegerKey(_ key: String) -> Bool {
        var utf8 = Substring(key).utf8[...]
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        return !utf8.isEmpty && utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Same keys with equal values (in any order) and the same ``hasIntegerKeys`` flag.
    public static func == (lhs: RuntimeObject, rhs: RuntimeObject) -> Bool {
        guard lhs.members.count == rhs.members.count, lhs.effectiveIntegerKeys == rhs.effectiveIntegerKeys else { return false }
        if lhs.members.count <= 8 {
            return lhs.members.allSatisfy { member in rhs[member.key] == member.value }
        }
        var index: [String: RuntimeValue] = [:]
        for member in rhs.members { index[member.key] = member.value }
        return lhs.members.allSatisfy { index[$0.key] == $0.value }
    }

    /// Hashes the members independently of their order.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for member in members {
            var inner = Hasher()
            inner.combine(member.key)
            inner.combine(member.value)
            sum &+= inner.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
        hasher.combine(effectiveIntegerKeys)
    }

    /// The flag as Python would see it: set and at least one key converts to an int.
    var effectiveIntegerKeys: Bool {
        hasIntegerKeys && members.contains { RuntimeObject.isIntegerKey($0.key) }
    }

    /// The object as JSON text.
    public var description: String { RuntimeValue.object(self).json }
}
