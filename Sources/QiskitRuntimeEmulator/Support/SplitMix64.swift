/// A small seeded pseudo-random generator (SplitMix64), so that ids, counts and fault schedules
/// are reproducible from a seed.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
