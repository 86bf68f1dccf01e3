import Testing
@testable import RuntimeWire

/// What a base64 decoder made of an input: the bytes, or the error's code, offset and message.
private func outcome(_ body: () throws -> [UInt8]) -> String {
    do {
        return "bytes \(try body())"
    } catch let error as WireError {
        return "\(error.code) at \(error.offset.map(String.init) ?? "nil"): \(error.message)"
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("Base64 against the reference decoder")
struct Base64DifferentialTests {
    @Test("canonical text of every length decodes to the same bytes")
    func canonical() {
        var state: UInt64 = 3
        var mismatches: [String] = []
        for length in 0..<200 {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let text = Array(Base64.encode(bytes).utf8)
            let fast = outcome { try Base64.decode(text) }
            if fast != outcome({ try ReferenceBase64.decode(text) }) || fast != "bytes \(bytes)" {
                mismatches.append("length \(length): \(fast)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("a bad character, padding or length at every position gives the same error")
    func malformed() {
        var state: UInt64 = 4
        var mismatches: [String] = []
        let bad: [UInt8] = [0x3D, 0x00, 0x20, 0x0A, 0x2D, 0x5F, 0x80, 0xFF, 0x2E, 0x3A, 0x40, 0x5B, 0x60, 0x7B]
        for length in [4, 8, 12, 16, 20, 24, 28, 32, 36, 44, 64, 100] {
            let bytes = (0..<(length / 4 * 3)).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let text = Array(Base64.encode(bytes).utf8)
            for position in 0..<text.count {
                for byte in bad {
                    var broken = text
                    broken[position] = byte
                    let fast = outcome { try Base64.decode(broken) }
                    if fast != outcome({ try ReferenceBase64.decode(broken) }) {
                        mismatches.append("\(broken): \(fast)")
                    }
                }
                // Dropped and inserted characters change the length or the alignment.
                var shorter = text
                shorter.remove(at: position)
                var longer = text
                longer.insert(0x41, at: position)
                for variant in [shorter, longer, Array(text[..<position])] {
                    let fast = outcome { try Base64.decode(variant) }
                    if fast != outcome({ try ReferenceBase64.decode(variant) }) {
                        mismatches.append("\(variant): \(fast)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("random byte strings: same bytes or same error")
    func random() {
        var state: UInt64 = 5
        var mismatches: [String] = []
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for round in 0..<20_000 {
            let length = Int(state % 40)
            let text = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 33)
                // Mostly alphabet characters, sometimes '=' or any byte.
                switch pick % 50 {
                case 0: return 0x3D
                case 1: return UInt8(truncatingIfNeeded: pick >> 8)
                default: return alphabet[pick >> 8 & 63]
                }
            }
            state &+= UInt64(round)
            let fast = outcome { try Base64.decode(text) }
            if fast != outcome({ try ReferenceBase64.decode(text) }) {
                mismatches.append("\(text): \(fast)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}
