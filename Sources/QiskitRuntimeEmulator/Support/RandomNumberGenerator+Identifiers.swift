extension RandomNumberGenerator {
    /// `count` characters from `0-9a-v` (base 32, lower case), the look of the service's job ids.
    mutating func identifier(count: Int) -> String {
        text(count: count, alphabet: "0123456789abcdefghijklmnopqrstuv", bits: 5)
    }

    /// `count` lower-case hexadecimal digits.
    mutating func hex(count: Int) -> String {
        text(count: count, alphabet: "0123456789abcdef", bits: 4)
    }

    /// `count` characters of `alphabet` (2^`bits` ASCII characters), `bits` random bits each.
    private mutating func text(count: Int, alphabet: StaticString, bits: Int) -> String {
        let mask = UInt64(1) << UInt64(bits) - 1
        return String(unsafeUninitializedCapacity: max(count, 0)) { buffer in
            alphabet.withUTF8Buffer { letters in
                for index in 0..<buffer.count { buffer[index] = letters[Int(next() & mask)] }
            }
            return buffer.count
        }
    }
}
