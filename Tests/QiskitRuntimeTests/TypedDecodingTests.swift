#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import QiskitRuntime

@Suite("Typed decoding and encoding over RuntimeValue")
struct TypedDecodingTests {
    struct Measurement: Codable, Equatable {
        var energy: Double
        var phase: Complex
        var samples: [[Double]]
        var counts: [Double]
        var grid: [[Int]]
        var finished: Date
        var started: RuntimeDateTime
        var raw: NDArray
        var note: String?
        var tags: Set<String>
        var extra: RuntimeValue
    }

    static let text = """
        {"energy": NaN, "phase": {"__type__": "complex", "__value__": [0.5, -1.0]}, \
        "samples": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgpGmjoKtQpkAy4GMPhgD6EZHCAUB5QWcAAA65kddg=="}, \
        "counts": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYIYILSzFAaAOdAG2c="}, \
        "grid": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBul2mirqOgnpZfVFKUmBefX5SSChIPKSpNBQoXZyQWpAK5GkY6CsaaOgq1CuQDLgYGBkYgZgFiJiBmBWJmIGYDAN03G1s="}, \
        "finished": {"__type__": "datetime", "__value__": "2022-01-02T03:04:05+00:00"}, \
        "started": {"__type__": "datetime", "__value__": "2022-01-02T03:04:05.678000"}, \
        "raw": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBek2SorqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuRgYAoZgbkw=="}, \
        "tags": {"__type__": "set", "__value__": ["a", "b"]}, "extra": {"k": [1, 2.5]}}
        """

    @Test("a Decodable struct with NaN, complex, ndarray and datetime fields")
    func decodeStruct() throws {
        let value = try RuntimeValue(json: Self.text)
        let measurement = try value.decode(as: Measurement.self)
        #expect(measurement.energy.isNaN)
        #expect(measurement.phase == Complex(0.5, -1))
        #expect(measurement.samples == [[1, 2], [3, 4]])
        #expect(measurement.counts == [1, 2, 3])
        #expect(measurement.grid == [[1, 2, 3], [4, 5, 6]])
        #expect(measurement.finished.timeIntervalSince1970 == 1_641_092_645)
        #expect(measurement.started.isNaive)
        #expect(measurement.started.isoText == "2022-01-02T03:04:05.678000")
        #expect(measurement.raw.bools == [true, false])
        #expect(measurement.note == nil)
        #expect(measurement.tags == ["a", "b"])
        #expect(measurement.extra == ["k": [1, 2.5]])
    }

    @Test("the same text through JSONDecoder fails: NaN tokens and tags need this decoder")
    func jsonDecoderShortcutFails() {
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(Measurement.self, from: Data(Self.text.utf8))
        }
    }

    @Test("encoding a struct writes tagged values, and decoding the JSON gives it back")
    func encodeStruct() throws {
        let measurement = try RuntimeValue(json: Self.text).decode(as: Measurement.self)
        let value = try RuntimeValue(encoding: measurement)
        #expect(value["phase"] == .complex(Complex(0.5, -1)))
        #expect(value["raw"]?.ndarrayValue?.bools == [true, false])
        #expect(value["finished"]?.dateTimeValue?.isoText == "2022-01-02T03:04:05+00:00")
        #expect(value["started"]?.dateTimeValue?.isoText == "2022-01-02T03:04:05.678000")
        #expect(value["energy"]?.doubleValue?.isNaN == true)
        let again = try RuntimeValue(json: value.json).decode(as: Measurement.self)
        #expect(again.phase == measurement.phase)
        #expect(again.raw == measurement.raw)
        #expect(again.finished == measurement.finished)
        #expect(again.grid == [[1, 2, 3], [4, 5, 6]])
    }

    @Test("errors name the coding path")
    func errorPaths() throws {
        struct Shot: Decodable { var shots: Int }
        struct Results: Decodable { var results: [Shot] }
        let value: RuntimeValue = ["results": [["shots": 4], ["shots": "many"]]]
        do {
            _ = try value.decode(as: Results.self)
            Issue.record("expected a decoding error")
        } catch let error as RuntimeError {
            #expect(error.code == .decodingFailed)
            #expect(error.message.contains("results[1].shots"))
        }
        do {
            _ = try (["other": 1] as RuntimeValue).decode(as: Shot.self)
            Issue.record("expected a decoding error")
        } catch let error as RuntimeError {
            #expect(error.code == .decodingFailed)
            #expect(error.message.contains("shots"))
        }
        #expect(performing: { try RuntimeValue.integer(300).decode(as: UInt8.self) },
                throws: { ($0 as? RuntimeError)?.code == .decodingFailed })
        #expect(performing: { try RuntimeValue.double(1.5).decode(as: Int.self) },
                throws: { ($0 as? RuntimeError)?.code == .decodingFailed })
    }

    @Test("scalars, optionals, dictionaries and big integers")
    func scalars() throws {
        #expect(try RuntimeValue.double(3).decode(as: Int.self) == 3)
        #expect(try RuntimeValue.integer(3).decode(as: Double.self) == 3)
        #expect(try RuntimeValue.double(-.infinity).decode(as: Double.self) == -.infinity)
        #expect(try RuntimeValue.null.decode(as: Int?.self) == nil)
        #expect(try RuntimeValue.bigInteger("18446744073709551615").decode(as: UInt64.self) == .max)
        #expect(try (["0x0": 4, "0x3": 6] as RuntimeValue).decode(as: [String: Int].self) == ["0x0": 4, "0x3": 6])
        #expect(try RuntimeValue.complex(Complex(1, 2)).decode(as: Complex.self) == Complex(1, 2))
        #expect(try RuntimeValue.double(2).decode(as: Complex.self) == Complex(2, 0))
        #expect(try RuntimeValue.string("2022-01-02").decode(as: Date.self).timeIntervalSince1970 == 1_641_081_600)
        #expect(try RuntimeValue(encoding: UInt64.max) == .bigInteger("18446744073709551615"))
        #expect(try RuntimeValue(encoding: [1.5, 2]) == [1.5, 2.0])
        #expect(try RuntimeValue(encoding: ["a": Complex(0, 1)]) == ["a": .complex(Complex(0, 1))])
    }

    @Test("TypedResultDecoder and RuntimeValueDecoder")
    func resultDecoders() throws {
        struct Counts: Decodable, Sendable, Equatable { var counts: [String: Int] }
        let decoder = TypedResultDecoder<Counts>()
        #expect(try decoder.decode(#"{"counts": {"00": 7}}"#) == Counts(counts: ["00": 7]))
        #expect(try TypedResultDecoder<String>().decode("plain text") == "plain text")
        #expect(try RuntimeValueDecoder().decode("[1, NaN]") == [1, .double(.nan)])
    }

    @Test("RuntimeValue works with Foundation's JSON coders for plain JSON")
    func foundationInterop() throws {
        let data = Data(#"{"z": {"__type__": "complex", "__value__": [1.0, 2.0]}}"#.utf8)
        let value = try JSONDecoder().decode(RuntimeValue.self, from: data)
        #expect(value == ["z": .complex(Complex(1, 2))])
        let encoded = try JSONEncoder().encode(value)
        #expect(try RuntimeValue(json: String(decoding: encoded, as: UTF8.self)) == value)
    }
}
