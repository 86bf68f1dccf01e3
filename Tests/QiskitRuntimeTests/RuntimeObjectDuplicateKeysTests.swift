import Testing
import QiskitRuntime

/// Python's dict semantics written the obvious way: a repeated key keeps its first position and
/// takes the last value. The reference for the hashed duplicate check of `RuntimeObject`.
private func referenceMembers(_ pairs: [(String, RuntimeValue)]) -> [(String, RuntimeValue)] {
    var result: [(String, RuntimeValue)] = []
    for (key, value) in pairs {
        if let position = result.firstIndex(where: { $0.0 == key }) {
            result[position].1 = value
        } else {
            result.append((key, value))
        }
    }
    return result
}

@Suite("RuntimeObject duplicate keys against a reference")
struct RuntimeObjectDuplicateKeysTests {
    @Test("random key lists of every size, with and without repeats, keep Python's dict order")
    func randomKeyLists() {
        var state: UInt64 = 11
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let stems = ["0x", "a", "key_", "a_rather_long_key_name_", "é", "😀", ""]
        var mismatches: [String] = []
        for round in 0..<400 {
            let size = round % 5 == 0 ? next() % 1_200 : next() % 40
            let spread = 1 + next() % (size + 2) * (round % 3 == 0 ? 1 : 4)
            let pairs = (0..<size).map { index -> (String, RuntimeValue) in
                let stem = stems[next() % stems.count]
                return (stem + String(next() % spread, radix: 16), .integer(Int64(index)))
            }
            let object = RuntimeObject(pairs)
            let expected = referenceMembers(pairs)
            let same = object.count == expected.count
                && zip(object.members, expected).allSatisfy { $0.key == $1.0 && $0.value == $1.1 }
            if !same { mismatches.append("round \(round): \(pairs.count) pairs") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("a repeat far apart in a 1,024-key object is found")
    func farRepeat() {
        var pairs = (0..<1_024).map { ("0x" + String($0, radix: 16), RuntimeValue.integer(Int64($0))) }
        pairs.append(("0x0", .integer(-1)))
        let object = RuntimeObject(pairs)
        #expect(object.count == 1_024)
        #expect(object["0x0"] == .integer(-1))
        #expect(object.keys.first == "0x0")
    }
}
