import Testing
@testable import QiskitRuntime
import RuntimeWire

@Suite("RuntimeValue model and JSON")
struct RuntimeValueTests {
    @Test("literals build the expected cases and encode as Python would")
    func literals() {
        let value: RuntimeValue = ["iterations": 3, "ratio": 0.5, "name": "θ", "flags": [true, false], "none": nil]
        #expect(value["iterations"] == .integer(3))
        #expect(value["ratio"] == .double(0.5))
        #expect(value["flags"]?[1] == .bool(false))
        #expect(value["none"]?.isNull == true)
        #expect(value.json == #"{"iterations": 3, "ratio": 0.5, "name": "\u03b8", "flags": [true, false], "none": null}"#)
    }

    @Test("integers and doubles stay apart; big integers keep their text")
    func numbers() throws {
        let value = try RuntimeValue(json: "[3, 3.0, 123456789012345678901234567890, -1e400]")
        #expect(value[0] == .integer(3))
        #expect(value[1] == .double(3))
        #expect(value[0] != value[1])
        #expect(value[2] == .bigInteger("123456789012345678901234567890"))
        #expect(value[3] == .double(-.infinity))
        #expect(value.json == "[3, 3.0, 123456789012345678901234567890, -Infinity]")
    }

    @Test("NaN equals NaN, also inside complex numbers and in hashing")
    func nanEquality() throws {
        let a = try RuntimeValue(json: #"[NaN, {"__type__": "complex", "__value__": [NaN, 1.0]}]"#)
        let b: RuntimeValue = [.double(.nan), .complex(Complex(.nan, 1))]
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }

    @Test("text that is not JSON decodes to a string, as Python's ResultDecoder does")
    func notJSON() throws {
        #expect(try RuntimeValue(json: "hello world") == .string("hello world"))
        #expect(try RuntimeValue(json: #""hi""#) == .string("hi"))
        #expect(try RuntimeValueDecoder().decode("{broken") == .string("{broken"))
        #expect(throws: RuntimeError.self) { try RuntimeValue(validatingJSON: "{broken") }
    }

    @Test("malformed tagged values throw invalidValue")
    func malformedTags() {
        let bad = [
            #"{"__type__": "complex"}"#,
            #"{"__type__": "complex", "__value__": "x"}"#,
            #"{"__type__": "ndarray", "__value__": "not base64!"}"#,
            #"{"__type__": "ndarray", "__value__": "AAAA"}"#,
            #"{"__type__": "datetime", "__value__": "yesterday"}"#,
            #"{"__type__": "set", "__value__": 3}"#,
            #"{"__type__": "settings", "__value__": {}}"#,
            #"{"__type__": "Result", "__value__": []}"#,
            #"{"__type__": "unknown-tag"}"#,
        ]
        for text in bad {
            #expect(performing: { try RuntimeValue(json: text) }, throws: { ($0 as? RuntimeError)?.code == .invalidValue })
        }
    }

    @Test("unknown tags stay plain objects and round-trip")
    func unknownTag() throws {
        let text = #"{"__type__": "PrimitiveResult", "__value__": {"x": 1}}"#
        let value = try RuntimeValue(json: text)
        #expect(value == ["__type__": "PrimitiveResult", "__value__": ["x": 1]])
        #expect(value.json == text)
    }

    @Test("objects keep key order, take the last duplicate, and compare like dicts")
    func objects() throws {
        let value = try RuntimeValue(json: #"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value["b"] == 3)
        #expect(value == ["a": 2, "b": 3])
        #expect(value.json == #"{"b": 3, "a": 2}"#)
        var edited = value
        edited["c"] = [1]
        edited["b"] = nil
        #expect(edited.json == #"{"a": 2, "c": [1]}"#)
    }

    @Test("large objects detect repeated keys too")
    func largeObjectDuplicates() throws {
        let keys = (0..<40).map { "k\($0)" }
        let body = keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
        let value = try RuntimeValue(json: "{\(body), \"k7\": \"last\"}")
        #expect(value.objectValue?.count == 40)
        #expect(value["k7"] == "last")
        #expect(value.objectValue?.keys == keys)
        let unique = try RuntimeValue(json: "{\(body)}")
        #expect(unique.objectValue?.count == 40)
        #expect(unique["k39"] == 39)
    }

    @Test("integer keys write __int_keys__ only where a key converts")
    func integerKeys() {
        let flagged = RuntimeObject([("1", "a"), ("x", "b")], hasIntegerKeys: true)
        #expect(RuntimeValue.settings(module: "m", class: "C", value: ["d": .object(flagged)]).json
            == #"{"__type__": "settings", "__module__": "m", "__class__": "C", "__value__": {"d": {"1": "a", "x": "b", "__int_keys__": true}}}"#)
        let noInteger = RuntimeObject([("x", "b")], hasIntegerKeys: true)
        #expect(RuntimeValue.object(noInteger).json == #"{"x": "b"}"#)
        #expect(RuntimeValue.object(noInteger) == ["x": "b"])
    }

    @Test("a set and an ndarray of objects keep their order and tags")
    func setsAndObjectArrays() throws {
        let value: RuntimeValue = [.set([1, "a"]), .ndarray(NDArray(objects: [1, nil]))]
        #expect(value.json == #"[{"__type__": "set", "__value__": [1, "a"]}, {"__type__": "ndarray", "__value__": [1, null]}]"#)
        #expect(try RuntimeValue(json: value.json) == value)
    }

    @Test("qiskit-ibm-runtime 0.51 object ndarray scalar")
    func objectScalar() throws {
        let value = try RuntimeValue(json: #"{"__type__": "ndarray", "__value__": 5}"#)
        #expect(value.ndarrayValue?.shape == [])
        #expect(value.ndarrayValue?.nestedValues == 5)
        #expect(value.json == #"{"__type__": "ndarray", "__value__": 5}"#)
    }

    @Test("the package bridge to JSONValue keeps tags")
    func jsonValueBridge() throws {
        let value: RuntimeValue = ["z": .complex(Complex(0, -1))]
        let json = value.jsonValue
        #expect(json["z"]?["__type__"] == .string("complex"))
        #expect(try RuntimeValue(jsonValue: json) == value)
    }
}
