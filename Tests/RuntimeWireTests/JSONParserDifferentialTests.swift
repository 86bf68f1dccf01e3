import Testing
@testable import RuntimeWire

/// Picks for the differential inputs, from the package's seeded generator.
extension SplitMix64 {
    fileprivate mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    fileprivate mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Pieces of strings that exercise every branch of the string scan: plain ASCII, base64-like
/// runs, escapes, non-ASCII, and (for malformed inputs) raw controls and broken UTF-8.
private let stringPieces: [[UInt8]] = [
    Array("a".utf8), Array("abcdefgh".utf8), Array("0x3ff".utf8), Array("AAECAwQFBgcICQoLDA0ODw==".utf8),
    Array("ijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/".utf8), Array("\\n".utf8), Array("\\\"".utf8),
    Array("\\\\".utf8), Array("\\/".utf8), Array("\\u00e9".utf8), Array("\\ud83d\\ude00".utf8), Array("\\ud800".utf8),
    Array("\\udc00x".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array(" ".utf8), [0x7F],
]
private let badPieces: [[UInt8]] = [
    [0x00], [0x1F], [0x0A], [0x09], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    Array("\\x".utf8), Array("\\u12".utf8), Array("\\uZZZZ".utf8), [0x5C], [0x22], [0xFF],
]

private func randomString(_ random: inout SplitMix64, bad: Bool) -> [UInt8] {
    var text: [UInt8] = []
    let pieces = random.below(4) == 0 ? random.below(40) : random.below(6)
    for _ in 0..<pieces {
        if bad, random.below(12) == 0 {
            text += random.pick(badPieces)
        } else {
            text += random.pick(stringPieces)
        }
    }
    return [0x22] + text + [0x22]
}

private func randomNumber(_ random: inout SplitMix64) -> [UInt8] {
    let forms = [
        "0", "-0", "7", "-12", "8192", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "123456789012345678901234567890", "0.5", "0.87451171875", "-1.25e-3", "1E400", "2.5e+10", "1e-400",
        "3.141592653589793", "0.1000000000000000055511151231257827", "NaN", "Infinity", "-Infinity",
        "12345678.12345678", "1.7976931348623157e308", "4.9e-324", "00", "1.", "-", ".5", "1e", "01",
    ]
    return Array(random.pick(forms).utf8)
}

private func randomValue(_ random: inout SplitMix64, depth: Int, bad: Bool) -> [UInt8] {
    let whitespace: [[UInt8]] = [[], [], [0x20], [0x0A, 0x20, 0x20], [0x09], [0x0D, 0x0A]]
    switch depth > 3 ? random.below(4) : random.below(7) {
    case 0: return randomString(&random, bad: bad)
    case 1: return randomNumber(&random)
    case 2: return Array(random.pick(["true", "false", "null"]).utf8)
    case 3: return randomNumber(&random)
    case 4, 5:
        var out: [UInt8] = [0x5B] + random.pick(whitespace)
        let count = depth == 0 && random.below(4) == 0 ? random.below(70) : random.below(5)
        for index in 0..<count {
            if index > 0 { out += [0x2C] + random.pick(whitespace) }
            out += randomValue(&random, depth: depth + 1, bad: bad)
        }
        return out + random.pick(whitespace) + [0x5D]
    default:
        var out: [UInt8] = [0x7B] + random.pick(whitespace)
        let count = depth == 0 && random.below(4) == 0 ? random.below(40) : random.below(5)
        let keys = ["id", "a", "__type__", "__value__", "optimization_level", "0x1f", "a_key_of_twenty_four_byt",
                    "a_key_longer_than_twenty_four_bytes", "", "é", "k\\n", "shots"]
        for index in 0..<count {
            if index > 0 { out += [0x2C] + random.pick(whitespace) }
            out += random.below(5) == 0 ? randomString(&random, bad: bad) : [0x22] + Array(random.pick(keys).utf8) + [0x22]
            out += random.pick(whitespace) + [0x3A] + random.pick(whitespace)
            out += randomValue(&random, depth: depth + 1, bad: bad)
        }
        return out + random.pick(whitespace) + [0x7D]
    }
}

@Suite("JSONParser against the reference reader")
struct JSONParserDifferentialTests {
    @Test("random well-formed documents parse identically")
    func wellFormed() {
        var random = SplitMix64(seed: 1)
        var mismatches: [String] = []
        for _ in 0..<2_000 {
            let document = randomValue(&random, depth: 0, bad: false)
            if let difference = JSONDifferential.difference(document) {
                mismatches.append("\(String(decoding: document, as: UTF8.self)): \(difference)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("random malformed and mutated documents give the same value or the same error")
    func malformed() {
        var random = SplitMix64(seed: 2)
        var mismatches: [String] = []
        var failures = 0
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x80, 0xFF, 0xC3, 0x2C, 0x5D, 0x7D, 0x3A, 0x20, 0x65, 0x2E]
        for round in 0..<3_000 {
            var document = randomValue(&random, depth: 0, bad: round % 2 == 0)
            if !document.isEmpty {
                switch random.below(4) {
                case 0: document[random.below(document.count)] = random.pick(specials)
                case 1: document.removeLast(random.below(document.count))
                case 2: document.insert(random.pick(specials), at: random.below(document.count))
                default: break
                }
            }
            if case .failure = JSONDifferential.outcome({ try JSONParser.parse(document) }) { failures += 1 }
            if let difference = JSONDifferential.difference(document) {
                mismatches.append("\(Array(document.prefix(200))): \(difference)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        #expect(failures > 600, "the inputs must include many malformed documents")
    }

    @Test("long strings: a special byte at every offset around the 8- and 16-byte scan blocks")
    func specialAtEveryOffset() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var mismatches: [String] = []
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100] {
            let plain = (0..<length).map { alphabet[$0 % alphabet.count] }
            for special: [UInt8] in [[0x22], [0x5C, 0x6E], [0x00], [0x1F], [0x7F], [0xC3, 0xA9], [0x80], [0xE2, 0x82], [0x5C]] {
                for position in 0...length {
                    var text = plain
                    text.insert(contentsOf: special, at: position)
                    for tail: [UInt8] in [[0x22], [0x22, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20], []] {
                        for document in [[0x22] + text + tail, [0x7B, 0x22] + text + tail + [0x3A, 0x31, 0x7D]] {
                            if let difference = JSONDifferential.difference(document) {
                                mismatches.append("\(document): \(difference)")
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("keys of every length, repeated, near the end of the input")
    func repeatedKeys() throws {
        var mismatches: [String] = []
        for length in 0...30 {
            let key = String(repeating: "k", count: length)
            let other = String(repeating: "k", count: max(0, length - 1)) + "j"
            for text in [
                "{\"\(key)\": 1, \"\(other)\": 2, \"\(key)\": 3}",
                "[{\"\(key)\":1},{\"\(key)\":2},{\"\(other)\":3}]",
                "{\"\(key)\":{\"\(key)\":{}}}",
                "{\"\(key)\"",
            ] {
                if let difference = JSONDifferential.difference(Array(text.utf8)) {
                    mismatches.append("\(text): \(difference)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        // Same length, same first bytes, different last byte.
        let value = try JSONParser.parse(#"[{"abcdefghijklmnopqrstuvwx": 1}, {"abcdefghijklmnopqrstuvwy": 2}, {"abcdefghijklmnopqrstuvwx": 3}]"#)
        let keys = value.arrayValue?.compactMap { $0.objectValue?.first?.key }
        #expect(keys == ["abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwy", "abcdefghijklmnopqrstuvwx"])
    }

    @Test("deep nesting and the depth limit agree, including errors deep inside")
    func depth() {
        var mismatches: [String] = []
        for depth in [1, 2, 50, 511, 512, 513, 600] {
            for inner in ["1", "\"x\"", "{\"a\": [1, 2", "]", "{\"a\":"] {
                let open = String(repeating: "[{\"k\": ", count: depth / 2) + String(repeating: "[", count: depth % 2)
                let close = String(repeating: "]", count: depth % 2) + String(repeating: "}]", count: depth / 2)
                let text = open + inner + close
                for maxDepth in [JSONParser.defaultMaxDepth, 10] {
                    if let difference = JSONDifferential.difference(Array(text.utf8), maxDepth: maxDepth) {
                        mismatches.append("depth \(depth) \(inner): \(difference)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}
