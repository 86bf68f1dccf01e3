import RuntimeWire

extension SplitMix64 {
    /// `count` characters from `0-9a-v` (base 32, lower case), the look of the service's job ids.
    mutating func identifier(count: Int) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuv")
        var text = ""
        for _ in 0..<count { text.append(alphabet[Int(next() & 31)]) }
        return text
    }

    /// `count` lower-case hexadecimal digits.
    mutating func hex(count: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<count { text.append(alphabet[Int(next() & 15)]) }
        return text
    }
}
