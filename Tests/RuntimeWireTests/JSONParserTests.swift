import Testing
@testable import RuntimeWire

/// The error a parse of `text` throws, if any.
private func parseError(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> WireError? {
    do {
        _ = try JSONParser.parse(text, maxDepth: maxDepth)
        return nil
    } catch let error as WireError {
        return error
    } catch {
        return nil
    }
}

private func parseError(bytes: [UInt8]) -> WireError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch let error as WireError {
        return error
    } catch {
        return nil
    }
}

@Suite("JSONParser")
struct JSONParserTests {
    // MARK: Tokens

    @Test("literals")
    func literals() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
    }

    @Test("bare NaN, Infinity and -Infinity are doubles")
    func nonFiniteTokens() throws {
        let nan = try JSONParser.parse("NaN")
        guard case .double(let value) = nan else { Issue.record("not a double: \(nan)"); return }
        #expect(value.isNaN)
        #expect(try JSONParser.parse("Infinity") == .double(.infinity))
        #expect(try JSONParser.parse("-Infinity") == .double(-.infinity))
        #expect(try JSONParser.parse("[NaN, Infinity, -Infinity]") == .array([.double(.nan), .double(.infinity), .double(-.infinity)]))
    }

    @Test("misspelled literals are errors at their first byte", arguments: [
        ("nul", 0), ("tru", 0), ("fals", 0), ("nan", 0), ("infinity", 0), ("-NaN", 1), ("Inf", 0),
        ("[truex]", 5), ("True", 0), ("-Inf", 1), ("-", 1), ("nulll", 4),
    ])
    func badLiterals(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.code == .invalidJSON)
        #expect(error?.offset == offset, "\(text)")
    }

    // MARK: Numbers

    @Test("integers stay integers")
    func integers() throws {
        #expect(try JSONParser.parse("0") == .integer(0))
        #expect(try JSONParser.parse("-0") == .integer(0))
        #expect(try JSONParser.parse("3") == .integer(3))
        #expect(try JSONParser.parse("-42") == .integer(-42))
        #expect(try JSONParser.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONParser.parse("1234567890123456789") == .integer(1_234_567_890_123_456_789))
    }

    @Test("integers outside Int64 keep their exact text")
    func bigIntegers() throws {
        #expect(try JSONParser.parse("9223372036854775808") == .bigInteger("9223372036854775808"))
        #expect(try JSONParser.parse("-9223372036854775809") == .bigInteger("-9223372036854775809"))
        #expect(try JSONParser.parse("18446744073709551616") == .bigInteger("18446744073709551616"))
        #expect(try JSONParser.parse("9999999999999999999") == .bigInteger("9999999999999999999"))
        let huge = String(repeating: "7", count: 400)
        #expect(try JSONParser.parse("[" + huge + "]") == .array([.bigInteger(huge)]))
    }

    @Test("a fraction or an exponent makes a double")
    func doubles() throws {
        #expect(try JSONParser.parse("3.0") == .double(3.0))
        #expect(try JSONParser.parse("1e5") == .double(100_000))
        #expect(try JSONParser.parse("1E5") == .double(100_000))
        #expect(try JSONParser.parse("1e+5") == .double(100_000))
        #expect(try JSONParser.parse("25e-1") == .double(2.5))
        #expect(try JSONParser.parse("0.1") == .double(0.1))
        #expect(try JSONParser.parse("-0.5") == .double(-0.5))
        #expect(try JSONParser.parse("1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try JSONParser.parse("5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try JSONParser.parse("2.2250738585072014e-308") == .double(.leastNormalMagnitude))
        #expect(try JSONParser.parse("0.30000000000000004") == .double(0.1 + 0.2))
        #expect(try JSONParser.parse("123456789012345678901234567890.5") == .double(123456789012345678901234567890.5))
        #expect(try JSONParser.parse("0.000000000000000000000000000001") == .double(1e-30))
        #expect(try JSONParser.parse("1e400") == .double(.infinity))
        #expect(try JSONParser.parse("-1e400") == .double(-.infinity))
        #expect(try JSONParser.parse("1e-400") == .double(0))
        #expect(try JSONParser.parse("0e0") == .double(0))
        #expect(try JSONParser.parse("1e99999999999999999999") == .double(.infinity))
    }

    @Test("-0.0 keeps its sign")
    func negativeZero() throws {
        let value = try JSONParser.parse("-0.0")
        guard case .double(let double) = value else { Issue.record("not a double"); return }
        #expect(double == 0 && double.sign == .minus)
        let big = try JSONParser.parse("-0.0000000000000000000000000000000000001e-10")
        guard case .double(let tiny) = big else { Issue.record("not a double"); return }
        #expect(tiny.sign == .minus)
    }

    @Test("every double in a sample round-trips through its description")
    func doubleSample() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = Double(bitPattern: state >> 1)
            guard value.isFinite else { continue }
            #expect(try JSONParser.parse("\(value)") == .double(value))
            let text = String(decoding: JSONWriter.writeBytes(.double(value)), as: UTF8.self)
            #expect(try JSONParser.parse(text) == .double(value), "\(text)")
        }
    }

    @Test("decimal texts of up to 25 digits parse to the correctly rounded double (fast paths agree with strtod)")
    func decimalSample() throws {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 7
        }
        for round in 0..<20000 {
            let digitCount = 1 + Int(next() % 25)
            var digits = String(1 + next() % 9)
            for _ in 1..<digitCount { digits += String(next() % 10) }
            let pointAt = Int(next() % UInt64(digitCount + 1))
            var text = digits
            if pointAt < digitCount {
                let index = text.index(text.startIndex, offsetBy: pointAt)
                text = (pointAt == 0 ? "0" : String(text[..<index])) + "." + String(text[index...])
            }
            if round % 2 == 0 { text += "e" + String(Int(next() % 70) - 35) }
            if round % 3 == 0 { text = "-" + text }
            guard text.contains(".") || text.contains("e") else { continue }
            let expected = try #require(Double(text))
            #expect(try JSONParser.parse(text) == .double(expected), "\(text)")
        }
        // Halfway cases between two doubles, where double rounding would go wrong.
        for text in ["9007199254740993.0", "9007199254740995.0", "1.00000000000000011102230246251565404236316680908203125",
                     "2.2250738585072011e-308", "4.9406564584124654e-324", "1.7976931348623158e308", "0.1e1", "123456789012345678.9e-3"] {
            let expected = try #require(Double(text))
            #expect(try JSONParser.parse(text) == .double(expected), "\(text)")
        }
    }

    @Test("malformed numbers are errors at the offending byte", arguments: [
        ("01", 1), ("-01", 2), ("1.", 2), ("1.e5", 2), (".5", 0), ("+1", 0), ("1e", 2), ("1e+", 3),
        ("--1", 1), ("1x", 1), ("0x10", 1), ("[1.5.]", 4), ("-a", 1), ("1 2", 2),
    ])
    func badNumbers(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.code == .invalidJSON)
        #expect(error?.offset == offset, "\(text)")
    }

    // MARK: Strings

    @Test("plain, empty and long strings")
    func strings() throws {
        #expect(try JSONParser.parse("\"\"") == .string(""))
        #expect(try JSONParser.parse("\"abc\"") == .string("abc"))
        let long = String(repeating: "ABCDEFGHabcdefgh0123456789+/", count: 1000)
        #expect(try JSONParser.parse("\"" + long + "\"") == .string(long))
        #expect(try JSONParser.parse("\"θ ✓ 😀 é\"") == .string("θ ✓ 😀 é"))
        #expect(try JSONParser.parse("\"\u{7F}\"") == .string("\u{7F}"))
    }

    @Test("every simple escape")
    func simpleEscapes() throws {
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONParser.parse(#""a\nb""#) == .string("a\nb"))
        #expect(try JSONParser.parse(#""\\\\""#) == .string("\\\\"))
        #expect(try JSONParser.parse(#""x\"y\"z é\té""#) == .string("x\"y\"z é\té"))
    }

    @Test("\\u escapes, upper and lower case hex, surrogate pairs")
    func unicodeEscapes() throws {
        #expect(try JSONParser.parse(#""\u03b8""#) == .string("θ"))
        #expect(try JSONParser.parse(#""\u03B8""#) == .string("θ"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONParser.parse(#""\u0041\u00e9\u20ac""#) == .string("Aé€"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\uD83D\uDE00!""#) == .string("😀!"))
        #expect(try JSONParser.parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
        #expect(try JSONParser.parse(#"{"name": "\u03b8"}"#) == .object([JSONMember("name", .string("θ"))]))
    }

    @Test("lone surrogates become U+FFFD (Python keeps them; Swift strings cannot)")
    func loneSurrogates() throws {
        #expect(try JSONParser.parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\udc00""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(#""\ud800\ud800\udc00""#) == .string("\u{FFFD}𐀀"))
        #expect(try JSONParser.parse(#""\ude00\ud83d""#) == .string("\u{FFFD}\u{FFFD}"))
        #expect(try JSONParser.parse(#""\ud800\n""#) == .string("\u{FFFD}\n"))
    }

    @Test("bad escapes are errors at the backslash", arguments: [
        (#""\x""#, 1), (#""\u12""#, 1), (#""\u12g4""#, 1), (#""ab\U0041""#, 3), (#""\ud800\uZZZZ""#, 7),
        (#""\"#, 1), (#""\u"#, 1), (#""\'""#, 1), (#""\ud800\u12""#, 7),
    ])
    func badEscapes(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.code == .invalidJSON)
        #expect(error?.offset == offset, "\(text)")
    }

    @Test("raw control characters in strings are errors at their offset")
    func controlCharacters() {
        for byte in UInt8(0)..<0x20 {
            let error = parseError(bytes: [0x22, 0x61, byte, 0x22])
            #expect(error?.code == .invalidJSON)
            #expect(error?.offset == 2)
        }
        let long = Array(repeating: UInt8(ascii: "a"), count: 37)
        #expect(parseError(bytes: [0x22] + long + [0x0A, 0x22])?.offset == 38)
    }

    @Test("unterminated strings point at the opening quote")
    func unterminated() {
        #expect(parseError("\"abc")?.offset == 0)
        #expect(parseError("[\"abcdefghijklmnopqrstuvwxyz")?.offset == 1)
        #expect(parseError("[\"ab\\ncdefghijklmnopqrstuvwxyz")?.offset == 1)
        #expect(parseError("\"")?.offset == 0)
    }

    @Test("invalid UTF-8 in a string is an error at the bad byte")
    func invalidUTF8() {
        let cases: [([UInt8], Int)] = [
            ([0x22, 0x61, 0xFF, 0x22], 2),                      // never valid
            ([0x22, 0xC3, 0x22], 1),                            // truncated two-byte
            ([0x22, 0xC0, 0x80, 0x22], 1),                      // overlong NUL
            ([0x22, 0xE0, 0x80, 0x80, 0x22], 1),                // overlong
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),                // encoded surrogate
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),          // above U+10FFFF
            ([0x22, 0x80, 0x22], 1),                            // lone continuation
            ([0x22, 0x5C, 0x6E, 0x61, 0xFE, 0x22], 4),          // after an escape
            ([0x22, 0xC3, 0x5C, 0x6E, 0x22], 1),                // cut by an escape
            ([0x22] + Array(repeating: 0x61, count: 20) + [0xF0, 0x9F, 0x98, 0x22], 21),
        ]
        for (bytes, offset) in cases {
            let error = parseError(bytes: bytes)
            #expect(error?.code == .invalidJSON)
            #expect(error?.offset == offset, "\(bytes)")
        }
    }

    @Test("valid multi-byte UTF-8 of every length")
    func validUTF8() throws {
        let bytes: [UInt8] = [0x22, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80,
                              0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]
        #expect(try JSONParser.parse(bytes) == .string("\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{10000}\u{10FFFF}"))
    }

    // MARK: Containers

    @Test("arrays and objects, empty and nested, members in order with duplicates")
    func containers() throws {
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object([]))
        #expect(try JSONParser.parse("[ ]") == .array([]))
        #expect(try JSONParser.parse("{ }") == .object([]))
        #expect(try JSONParser.parse("[1, [2, []], {}]") == .array([.integer(1), .array([.integer(2), .array([])]), .object([])]))
        let object = try JSONParser.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(object == .object([JSONMember("b", .integer(1)), JSONMember("a", .integer(2)), JSONMember("b", .integer(3))]))
        #expect(object["b"] == .integer(3))
    }

    @Test("malformed containers are errors at the offending byte", arguments: [
        ("[1,]", 3), ("[,1]", 1), ("[1 2]", 3), ("[1", 2), ("[", 1), ("{", 1), ("{\"a\"}", 4),
        ("{\"a\" 1}", 5), ("{\"a\":}", 5), ("{\"a\":1,}", 7), ("{a:1}", 1), ("{1:1}", 1), ("{\"a\":1", 6),
        ("]", 0), ("}", 0), ("[}", 1), ("{]", 1), ("{'a': 1}", 1), ("[1]]", 3), ("{\"a\":1 \"b\":2}", 7),
    ])
    func badContainers(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.code == .invalidJSON)
        #expect(error?.offset == offset, "\(text)")
    }

    // MARK: Whitespace and document

    @Test("space, tab, CR and LF are whitespace; nothing else is")
    func whitespace() throws {
        #expect(try JSONParser.parse(" \t\r\n[ 1 ,\t2 ]\n ") == .array([.integer(1), .integer(2)]))
        #expect(try JSONParser.parse("\n{\r\"a\"\t:\n1\r}\n") == .object([JSONMember("a", .integer(1))]))
        #expect(parseError("\u{0B}1")?.offset == 0)
        #expect(parseError("\u{0C}1")?.offset == 0)
        #expect(parseError("\u{A0}1")?.offset == 0)
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF, 0x31]) == .integer(1))  // leading BOM skipped, as Python
        #expect(parseError(bytes: [0x20, 0xEF, 0xBB, 0xBF, 0x31])?.offset == 1)  // but it is not whitespace
        #expect(parseError(bytes: [0xEF, 0xBB, 0xBF])?.offset == 3)
    }

    @Test("empty input and trailing garbage are errors")
    func documentBoundaries() {
        #expect(parseError("")?.offset == 0)
        #expect(parseError("   ")?.offset == 3)
        #expect(parseError("1 x")?.offset == 2)
        #expect(parseError("{} {}")?.offset == 3)
        #expect(parseError("null\u{0}")?.offset == 4)
        #expect(parseError("\"a\"\"b\"")?.offset == 3)
    }

    @Test("depth limit: maxDepth levels parse, one more is an error at that bracket")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONParser.parse(deep) != .null)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = parseError(tooDeep)
        #expect(error?.code == .invalidJSON)
        #expect(error?.offset == 512)
        #expect(parseError("[{\"a\": [1]}]", maxDepth: 2)?.offset == 7)
        #expect(try JSONParser.parse("[{\"a\": [1]}]", maxDepth: 3) != .null)
        #expect(parseError("1", maxDepth: 0) == nil)
        #expect(parseError("[]", maxDepth: 0)?.offset == 0)
        let wide = "[" + Array(repeating: "[]", count: 2000).joined(separator: ",") + "]"
        #expect(try JSONParser.parse(wide, maxDepth: 2).arrayValue?.count == 2000)
    }

    @Test("offsets count UTF-8 bytes, not characters")
    func byteOffsets() {
        #expect(parseError("[\"θ😀\", x]")?.offset == 11)
        #expect(parseError("{\"é\": 1, \"k\" 2}")?.offset == 14)
    }

    @Test("object keys go through the same string rules")
    func keys() throws {
        #expect(try JSONParser.parse(#"{"\u03b8": 1, "a\nb": 2, "": 3}"#) == .object([
            JSONMember("θ", .integer(1)), JSONMember("a\nb", .integer(2)), JSONMember("", .integer(3)),
        ]))
        #expect(parseError(bytes: Array(#"{"a"#.utf8) + [0x01] + Array(#"": 1}"#.utf8))?.offset == 3)
    }

    @Test("the three entry points agree")
    func entryPoints() throws {
        let text = #"{"a": [1, 2.5, "x"], "b": null}"#
        let fromString = try JSONParser.parse(text)
        let fromBytes = try JSONParser.parse(Array(text.utf8))
        let fromBuffer = try Array(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromString == fromBytes)
        #expect(fromBytes == fromBuffer)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(throws: WireError.self) { try JSONParser.parse(empty) }
    }

    // MARK: Protocol vectors

    @Test("PROTOCOL.md §5.4 V1 parses to the expected structure")
    func vectorV1() throws {
        let value = try JSONParser.parse(ProtocolVectors.v1)
        #expect(value["a"]?["__type__"] == .string("complex"))
        #expect(value["a"]?["__value__"] == .array([.double(1.0), .double(2.0)]))
        #expect(value["arr"]?["__type__"] == .string("ndarray"))
        #expect(value["arr"]?["__value__"]?.stringValue?.utf8.count == 124)
    }

    @Test("PROTOCOL.md §5.4 V3 and V4 vectors parse")
    func vectorsV3V4() throws {
        let nested = try JSONParser.parse(ProtocolVectors.v3Nested)
        #expect(nested["n"] == .null)
        #expect(nested["f"] == .double(1.5))
        #expect(nested["t"] == .bool(true))
        #expect(try JSONParser.parse("[NaN, Infinity]") == .array([.double(.nan), .double(.infinity)]))
        let settings = try JSONParser.parse(ProtocolVectors.v4Settings)
        #expect(settings["__value__"]?["m"]?["2"]?["__int_keys__"] == .bool(true))
    }
}
