import Testing
@testable import QiskitRuntime
import QuantumCircuits

/// The vectors of PROTOCOL.md §5.4, produced by the real Python encoders.
@Suite("PROTOCOL.md §5.4 test vectors")
struct TestVectorTests {
    static func tagged(_ tag: String, _ payload: String) -> String {
        #"{"__type__": "\#(tag)", "__value__": \#(payload)}"#
    }

    static func ndarray(_ base64: String) throws -> NDArray {
        let value = try RuntimeValue(validatingJSON: tagged("ndarray", "\"\(base64)\""))
        return try #require(value.ndarrayValue)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test("V1 decodes to a complex and a 2x2 float64 array, and re-encodes byte for byte")
    func v1() throws {
        let text = #"{"a": {"__type__": "complex", "__value__": [1.0, 2.0]}, "arr": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgpGmjoKtQpkAy4GMPhgD6EZHCAUB5QWcAAA65kddg=="}}"#
        let value = try RuntimeValue(json: text)
        #expect(value["a"] == .complex(Complex(1, 2)))
        let array = try #require(value["arr"]?.ndarrayValue)
        #expect(array.dtype == .float64)
        #expect(array.dtype.descr == "<f8")
        #expect(array.shape == [2, 2])
        #expect(array.isFortranOrder == false)
        #expect(array.doubles == [1, 2, 3, 4])
        #expect(array.nestedValues == [[1.0, 2.0], [3.0, 4.0]])
        #expect(value.json == text)
        #expect(value.objectValue?.keys == ["a", "arr"])
    }

    @Test("V1 built from Swift values encodes to the vector text")
    func v1FromSwift() throws {
        let text = #"{"a": {"__type__": "complex", "__value__": [1.0, 2.0]}, "arr": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgpGmjoKtQpkAy4GMPhgD6EZHCAUB5QWcAAA65kddg=="}}"#
        let value: RuntimeValue = ["a": .complex(Complex(1, 2)), "arr": .ndarray(try NDArray(doubles: [1, 2, 3, 4], shape: [2, 2]))]
        #expect(value.json == text)
    }

    @Test("V2 arrays: dtype, shape, order, elements, and byte-identical re-encoding")
    func v2() throws {
        let int64 = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYIYILSzFAaAOdAG2c=")
        #expect(int64.dtype.descr == "<i8")
        #expect(int64.shape == [3])
        #expect(int64.int64s == [1, 2, 3])
        #expect(Self.hex(int64.bytes) == "010000000000000002000000000000000300000000000000")

        let int32 = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mirqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYGBiYgZgZiAJypG2M=")
        #expect(int32.dtype == .int32)
        #expect(int32.int32s == [1, 2, 3])
        #expect(int32.int64s == [1, 2, 3])

        let bools = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBek2SorqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuRgYAoZgbkw==")
        #expect(bools.dtype.descr == "|b1")
        #expect(bools.bools == [true, false])

        let complexes = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2xopq6joJ6WX1RSlJgXn1+UkgqScEvMKU4FihdnJBakAvkaRjqaOgq1CuQDLgYw+GCPSsPBAQDzFR6H")
        #expect(complexes.dtype == .complex128)
        #expect(complexes.complexes == [Complex(1, 1), Complex(0, -2)])

        let fortran = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChIPKSpNBQoXZyQWpAK5GkY6CsaaOgq1CuQDLgYwcHBgYGiwB2IHEIeBYYEDAPbpHmA=")
        #expect(fortran.dtype == .float32)
        #expect(fortran.shape == [2, 3])
        #expect(fortran.isFortranOrder)
        #expect(fortran.float32s == [0, 3, 1, 4, 2, 5])
        #expect(fortran.nestedValues == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])

        let scalar = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RqaOgq1ChQBLgYw4HEAACeuG4s=")
        #expect(scalar.shape == [])
        #expect(scalar.doubles == [3.5])
        #expect(scalar.nestedValues == .double(3.5))

        let empty = try Self.ndarray("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RoGOpo6CrUKFAAuAFOzG1s=")
        #expect(empty.shape == [0])
        #expect(empty.count == 0)
        #expect(empty.doubles == [])
        #expect(empty.nestedValues == [])

        for base64 in [
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYIYILSzFAaAOdAG2c=",
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mirqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYGBiYgZgZiAJypG2M=",
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBek2SorqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuRgYAoZgbkw==",
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2xopq6joJ6WX1RSlJgXn1+UkgqScEvMKU4FihdnJBakAvkaRjqaOgq1CuQDLgYw+GCPSsPBAQDzFR6H",
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChIPKSpNBQoXZyQWpAK5GkY6CsaaOgq1CuQDLgYwcHBgYGiwB2IHEIeBYYEDAPbpHmA=",
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RqaOgq1ChQBLgYw4HEAACeuG4s=",
            "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RoGOpo6CrUKFAAuAFOzG1s=",
        ] {
            let text = Self.tagged("ndarray", "\"\(base64)\"")
            #expect(try RuntimeValue(json: text).json == text)
        }
    }

    @Test("V2 object-dtype array is a JSON list and round-trips")
    func v2ObjectArray() throws {
        let text = #"{"__type__": "ndarray", "__value__": [1, "a", null]}"#
        let value = try RuntimeValue(json: text)
        let array = try #require(value.ndarrayValue)
        #expect(array.dtype == .object)
        #expect(array.objectElements == [1, "a", nil])
        #expect(array.shape == [3])
        #expect(value.json == text)
    }

    @Test("V3 scalars and containers decode and re-encode byte for byte")
    func v3() throws {
        let cases: [(String, RuntimeValue)] = [
            (Self.tagged("complex", "[1.0, 2.0]"), .complex(Complex(1, 2))),
            (Self.tagged("complex", "[-0.5, 0.0]"), .complex(Complex(-0.5, 0))),
            (Self.tagged("set", "[1, 2, 3]"), .set([1, 2, 3])),
            (#"{"x": [{"__type__": "complex", "__value__": [1.0, 0.0]}, {"s": {"__type__": "set", "__value__": ["a"]}}], "n": null, "f": 1.5, "t": true}"#,
             ["x": [.complex(Complex(1, 0)), ["s": .set(["a"])]], "n": nil, "f": 1.5, "t": true]),
            (#"{"1": "a"}"#, ["1": "a"]),
            ("[1, 2]", [1, 2]),
            ("[NaN, Infinity]", [.double(.nan), .double(.infinity)]),
            (#"{"name": "\u03b8"}"#, ["name": "θ"]),
            ("1.25", 1.25),
            ("7", 7),
        ]
        for (text, expected) in cases {
            let value = try RuntimeValue(json: text)
            #expect(value == expected, "\(text)")
            #expect(value.json == text)
            #expect(expected.json == text)
        }
    }

    @Test("V3 datetimes keep their text; naive stays naive")
    func v3Datetimes() throws {
        let naive = try RuntimeValue(json: Self.tagged("datetime", #""2022-01-02T03:04:05.678000""#))
        let naiveDate = try #require(naive.dateTimeValue)
        #expect(naiveDate.isNaive)
        #expect(naiveDate.date == nil)
        #expect(naiveDate.microsecond == 678_000)
        #expect(naive.json == Self.tagged("datetime", #""2022-01-02T03:04:05.678000""#))

        let aware = try RuntimeValue(json: Self.tagged("datetime", #""2022-01-02T03:04:05+00:00""#))
        let awareDate = try #require(aware.dateTimeValue?.date)
        #expect(awareDate.timeIntervalSince1970 == 1_641_092_645)
        #expect(RuntimeValue(awareDate).json == Self.tagged("datetime", #""2022-01-02T03:04:05+00:00""#))

        let day = try RuntimeValue(json: Self.tagged("datetime", #""2022-01-02""#))
        #expect(day.dateTimeValue?.isDateOnly == true)
        #expect(day.dateTimeValue?.date(assumingUTCOffset: 0).timeIntervalSince1970 == 1_641_081_600)
        #expect(day.json == Self.tagged("datetime", #""2022-01-02""#))
    }

    @Test("V4 settings with integer keys restore the flag on re-encoding")
    func v4() throws {
        let text = #"{"__type__": "settings", "__module__": "__main__", "__class__": "Foo", "__value__": {"m": {"1": "a", "2": {"3": "c", "__int_keys__": true}, "__int_keys__": true}, "s": "x"}}"#
        let value = try RuntimeValue(json: text)
        guard case let .settings(module, name, settings) = value else {
            Issue.record("not settings: \(value)")
            return
        }
        #expect(module == "__main__")
        #expect(name == "Foo")
        let m = try #require(settings["m"]?.objectValue)
        #expect(m.hasIntegerKeys)
        #expect(m.keys == ["1", "2"])
        #expect(m["2"]?.objectValue?.hasIntegerKeys == true)
        #expect(m["2"]?.objectValue?.keys == ["3"])
        #expect(settings.hasIntegerKeys == false)
        #expect(value.json == text)
    }

    @Test("V4 SparsePauliOp and Pauli settings")
    func v4SparsePauliOp() throws {
        let text = #"{"__type__": "settings", "__module__": "qiskit.quantum_info.operators.symplectic.sparse_pauli_op", "__class__": "SparsePauliOp", "__value__": {"data": {"__type__": "settings", "__module__": "qiskit.quantum_info.operators.symplectic.pauli_list", "__class__": "PauliList", "__value__": {"data": ["XI", "ZZ"]}}, "coeffs": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2xopq6joJ6WX1RSlJgXn1+UkgqScEvMKU4FihdnJBakAvkaRjqaOgq1CuQDLgYw+GDPgBU8sAcA30Udtw=="}}}"#
        let value = try RuntimeValue(json: text)
        guard case let .settings(_, name, settings) = value else {
            Issue.record("not settings")
            return
        }
        #expect(name == "SparsePauliOp")
        #expect(settings["coeffs"]?.ndarrayValue?.complexes == [Complex(1, 0), Complex(0, 0.5)])
        guard case let .settings(_, inner, data)? = settings["data"] else {
            Issue.record("data is not settings")
            return
        }
        #expect(inner == "PauliList")
        #expect(data["data"] == ["XI", "ZZ"])
        #expect(value.json == text)

        let pauli = #"{"__type__": "settings", "__module__": "qiskit.quantum_info.operators.symplectic.pauli", "__class__": "Pauli", "__value__": {"data": "XZ"}}"#
        #expect(try RuntimeValue(json: pauli) == .settings(module: "qiskit.quantum_info.operators.symplectic.pauli", class: "Pauli", value: ["data": "XZ"]))
        #expect(try RuntimeValue(json: pauli).json == pauli)
    }

    @Test("V5 Result and to_json")
    func v5() throws {
        let text = #"{"__type__": "Result", "__value__": {"backend_name": "b", "backend_version": "1", "qobj_id": "q", "job_id": "j", "success": true, "results": [{"shots": 4, "success": true, "data": {"counts": {"0x0": 4}}, "meas_level": 2, "header": {"name": "c"}}]}}"#
        let value = try RuntimeValue(json: text)
        guard case .result(let result) = value else {
            Issue.record("not a Result")
            return
        }
        #expect(result["backend_name"] == "b")
        #expect(value["results"]?[0]?["data"]?["counts"]?["0x0"] == 4)
        #expect(value.json == text)

        let toJSON = #"{"__type__": "to_json", "__value__": "{\"k\": 1}"}"#
        let decoded = try RuntimeValue(json: toJSON)
        #expect(decoded == .toJSON(.string(#"{"k": 1}"#)))
        #expect(decoded.json == toJSON)
    }

    @Test("V6 QPY values are opaque blobs that round-trip")
    func v6() throws {
        let blobs = [
            ("QuantumCircuit", "eJwL9Az29gxhYRBmYoAARgaWTAYOMAOCQYAFiGEKmJJSc3KgbIa80pycQohKRsZCmGgyTCSZAR2wwq1BBR7uiSWpEAPYkZQgK/NNTSwuLYIoAhsMAL9lDWg="),
            ("Instruction", "eJwL9Az29gxhYRBmYoAARgbOTAYOMAMBWJD4jMmZRcmlmSW6RjDZvNKcnEJGsBImxkIDBnTACjcaFUS4J5akFoJYAP20CuU="),
            ("ParameterExpression", "AAAAAAAAAAEAAAAAAAAADFN5bWJvbCgnzrgnKXBwAAAAAAAAAAAAAv7ZTHC6+kInsjkeU4SoUR3OuA=="),
            ("Parameter", "AAJGxc0nuHJNCp1sVUm/8lz+zrg="),
        ]
        for (tag, payload) in blobs {
            let text = Self.tagged(tag, "\"\(payload)\"")
            let value = try RuntimeValue(json: text)
            #expect(value == .opaque(tag: tag, payload: .string(payload)))
            #expect(value.json == text)
        }
    }
}
