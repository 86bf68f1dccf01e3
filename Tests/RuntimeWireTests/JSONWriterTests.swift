import Testing
@testable import RuntimeWire

@Suite("JSONWriter")
struct JSONWriterTests {
    private func python(_ value: JSONValue) -> String { JSONWriter.write(value) }
    private func compact(_ value: JSONValue) -> String { JSONWriter.write(value, style: .compact) }

    @Test("scalars")
    func scalars() {
        #expect(python(.null) == "null")
        #expect(python(.bool(true)) == "true")
        #expect(python(.bool(false)) == "false")
        #expect(python(.integer(0)) == "0")
        #expect(python(.integer(-7)) == "-7")
        #expect(python(.integer(1234567890)) == "1234567890")
        #expect(python(.integer(.max)) == "9223372036854775807")
        #expect(python(.integer(.min)) == "-9223372036854775808")
        #expect(python(.bigInteger("-123456789012345678901234567890")) == "-123456789012345678901234567890")
    }

    @Test("doubles in Python repr form", arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (1e-05, "1e-05"), (1e16, "1e+16"), (1.5e300, "1.5e+300"), (-0.0, "-0.0"),
        (0.0, "0.0"), (0.0001, "0.0001"), (0.00012345, "0.00012345"), (1e-4, "0.0001"), (9.5e15, "9500000000000000.0"),
        (1e15, "1000000000000000.0"), (123456789012345680.0, "1.2345678901234568e+17"), (2.5, "2.5"), (-1.5, "-1.5"),
        (100.0, "100.0"), (1234.5678, "1234.5678"), (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"), (0.30000000000000004, "0.30000000000000004"),
        (1e22, "1e+22"), (1e-7, "1e-07"), (1.25e-5, "1.25e-05"), (9999999999999998.0, "9999999999999998.0"),
        (123.0, "123.0"), (-2.5e-10, "-2.5e-10"), (3.14159, "3.14159"), (1e100, "1e+100"),
        (0.001, "0.001"), (0.0009999999999999998, "0.0009999999999999998"), (1.005, "1.005"), (2.675, "2.675"),
        (999999999999999.9, "999999999999999.9"), (1125899906842623.5, "1125899906842623.5"),
        (123456.00000001, "123456.00000001"), (-0.125, "-0.125"),
    ])
    func doubles(value: Double, text: String) {
        #expect(python(.double(value)) == text)
        #expect(compact(.double(value)) == text)
    }

    @Test("NaN, Infinity, -Infinity are bare tokens")
    func nonFinite() {
        #expect(python(.array([.double(.nan), .double(.infinity)])) == "[NaN, Infinity]")
        #expect(python(.double(-.infinity)) == "-Infinity")
        #expect(compact(.array([.double(.nan), .double(-.infinity)])) == "[NaN,-Infinity]")
    }

    @Test("Python separators versus compact")
    func separators() {
        let value = JSONValue.object([
            JSONMember("a", .array([.integer(1), .integer(2)])), JSONMember("b", .object([])), JSONMember("c", .array([])),
        ])
        #expect(python(value) == #"{"a": [1, 2], "b": {}, "c": []}"#)
        #expect(compact(value) == #"{"a":[1,2],"b":{},"c":[]}"#)
    }

    @Test("ensure_ascii escapes in Python style")
    func pythonEscapes() {
        #expect(python(.object([JSONMember("name", .string("θ"))])) == #"{"name": "\u03b8"}"#)
        #expect(python(.string("😀")) == #""\ud83d\ude00""#)
        #expect(python(.string("\u{10FFFF}")) == #""\udbff\udfff""#)
        #expect(python(.string("é€")) == #""\u00e9\u20ac""#)
        #expect(python(.string("\"\\/\u{08}\u{0C}\n\r\t")) == #""\"\\/\b\f\n\r\t""#)
        #expect(python(.string("\u{0}\u{1}\u{1F}\u{7F}")) == #""\u0000\u0001\u001f\u007f""#)
        #expect(python(.string("plain ascii ~ text that is longer than eight bytes")) == "\"plain ascii ~ text that is longer than eight bytes\"")
        #expect(python(.string("")) == "\"\"")
        #expect(python(.string("abcdefghij\u{FFFD}klmnopq")) == #""abcdefghij\ufffdklmnopq""#)
    }

    @Test("compact keeps UTF-8 and escapes only quotes, backslashes and controls")
    func compactEscapes() {
        #expect(compact(.string("θ😀\u{7F}")) == "\"θ😀\u{7F}\"")
        #expect(compact(.string("a\"b\\c\nd\u{1}")) == #""a\"b\\c\nd\u0001""#)
    }

    @Test("keys are escaped like strings; big integers and nesting are written verbatim")
    func keysAndNesting() {
        let value = JSONValue.object([
            JSONMember("θ", .array([.bigInteger("123456789012345678901234567890"), .array([.object([])])])),
            JSONMember("a\"b", .integer(-1)),
        ])
        #expect(python(value) == #"{"\u03b8": [123456789012345678901234567890, [{}]], "a\"b": -1}"#)
        #expect(compact(value) == #"{"θ":[123456789012345678901234567890,[{}]],"a\"b":-1}"#)
    }

    @Test("writeBytes is the UTF-8 of write")
    func bytesMatchString() {
        let value = JSONValue.array([.string("θ"), .double(0.5), .null])
        #expect(JSONWriter.writeBytes(value) == Array(JSONWriter.write(value).utf8))
        #expect(JSONWriter.writeBytes(value, style: .compact) == Array("[\"θ\",0.5,null]".utf8))
    }

    @Test("PROTOCOL.md §5.4 vectors write back byte-identical after parsing", arguments: [
        ProtocolVectors.v1, ProtocolVectors.v3Nested, ProtocolVectors.v4Settings, ProtocolVectors.v4SparsePauliOp,
        ProtocolVectors.v5Result, "[NaN, Infinity]", #"{"name": "\u03b8"}"#, #"[1, "a", null]"#,
        #"{"__type__": "complex", "__value__": [-0.5, 0.0]}"#, #"{"__type__": "to_json", "__value__": "{\"k\": 1}"}"#,
    ])
    func protocolRoundTrip(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(JSONWriter.write(value) == text)
    }

    @Test("round trip through both styles")
    func roundTrip() throws {
        let value = JSONValue.object([
            JSONMember("s", .string("a\u{0}b\"c\\θ😀\u{7F}\u{FFFD}")),
            JSONMember("n", .array([.integer(.min), .integer(.max), .bigInteger("99999999999999999999"), .double(-0.0),
                                    .double(1e-300), .double(.nan), .double(-.infinity), .double(123.456)])),
            JSONMember("o", .object([JSONMember("", .null), JSONMember("", .bool(false))])),
        ])
        for style in [JSONWriter.Style.python, .compact] {
            #expect(try JSONParser.parse(JSONWriter.writeBytes(value, style: style)) == value)
        }
    }
}
