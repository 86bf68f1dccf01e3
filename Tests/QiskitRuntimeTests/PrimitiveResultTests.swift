import Foundation
import Testing
@testable import QiskitRuntime

/// Results written by the official Python stack (`Fixtures/make_primitive_results.py`): the tagged
/// form from qiskit-ibm-runtime's `RuntimeEncoder`, the plain form of the same data, and what
/// qiskit computes from them.
@Suite("Primitive results")
struct PrimitiveResultTests {
    static let samplerCases = ["sampler_bell", "sampler_sweep", "sampler_wide"]

    @Test("tagged and plain sampler results decode to the same data", arguments: samplerCases)
    func samplerForms(name: String) throws {
        let tagged = try SamplerResult(json: try PrimitiveFixtures.text("\(name).tagged.json"))
        let plain = try SamplerResult(json: try PrimitiveFixtures.text("\(name).plain.json"))
        #expect(tagged.count == plain.count)
        #expect(tagged.map { $0.data } == plain.map { $0.data })
        #expect(!tagged.executionSpans.isEmpty)
        #expect(plain.executionSpans.isEmpty)
    }

    @Test("counts, integer counts, bitstrings and joined data match qiskit", arguments: samplerCases)
    func samplerCounts(name: String) throws {
        let expected = try PrimitiveFixtures.value("\(name).expected.json")
        for form in ["tagged", "plain"] {
            let result = try SamplerResult(json: try PrimitiveFixtures.text("\(name).\(form).json"))
            let pubs = try #require(expected["pubs"]?.arrayValue)
            #expect(result.count == pubs.count)
            for (pub, want) in zip(result, pubs) {
                #expect(pub.shape == want["shape"]?.arrayValue?.compactMap { $0.intValue })
                let registers = try #require(want["registers"]?.objectValue)
                #expect(pub.data.names == registers.keys)
                for (register, facts) in registers {
                    let bits = try #require(pub.data[register])
                    #expect(bits.bitCount == facts["num_bits"]?.intValue)
                    #expect(bits.shots == facts["shots"]?.intValue)
                    #expect(bits.counts() == PrimitiveFixtures.counts(facts["counts"]), "\(name) \(form) \(register)")
                    #expect(bits.bitstrings() == facts["bitstrings"]?.arrayValue?.compactMap { $0.stringValue })
                    if let integers = bits.integerCounts() {
                        let want = PrimitiveFixtures.counts(facts["int_counts"])
                        #expect(Dictionary(uniqueKeysWithValues: integers.map { (String($0.key), $0.value) }) == want)
                    } else {
                        #expect(bits.bitCount > 64)
                    }
                    for (position, counts) in facts["counts_at"]?.objectValue ?? [:] {
                        let index = position.split(separator: ",").compactMap { Int($0) }
                        #expect(bits[position: index].counts() == PrimitiveFixtures.counts(counts), "\(name) at \(position)")
                    }
                }
                #expect(try pub.joinedData().counts() == PrimitiveFixtures.counts(want["joined_counts"]))
            }
        }
    }

    @Test("execution spans match qiskit-ibm-runtime's", arguments: samplerCases)
    func spans(name: String) throws {
        let expected = try #require(try PrimitiveFixtures.value("\(name).expected.json")["spans"]?.arrayValue)
        let result = try SamplerResult(json: try PrimitiveFixtures.text("\(name).tagged.json"))
        #expect(result.executionSpans.count == expected.count)
        for (span, want) in zip(result.executionSpans, expected) {
            let start = try RuntimeDateTime(isoText: try #require(want["start"]?.stringValue)).date(assumingUTCOffset: 0)
            let stop = try RuntimeDateTime(isoText: try #require(want["stop"]?.stringValue)).date(assumingUTCOffset: 0)
            #expect(span.start == start)
            #expect(span.stop == stop)
            #expect(span.pubIndices == want["pub_idxs"]?.arrayValue?.compactMap { $0.intValue })
            #expect(span.size == want["size"]?.intValue, "\(name) \(span.kind)")
            let kind = want["kind"]?.stringValue
            #expect(span.kind == (kind == "SliceSpan" ? "ExecutionSpan" : kind))
        }
    }

    @Test("the sweep's spans: slices resolved like Python's (None bounds, clamping)")
    func sweepSpans() throws {
        let result = try SamplerResult(json: try PrimitiveFixtures.text("sampler_sweep.tagged.json"))
        #expect(result.executionSpans[0].pubSlices[0] == .flat(shape: [2, 3, 16], range: 0..<48))
        #expect(result.executionSpans[1].pubSlices[0] == .double(shape: [2, 3, 16], positions: 2..<6, shots: 0..<8))
        #expect(result.executionSpans[1].duration == 2)
        let wide = try SamplerResult(json: try PrimitiveFixtures.text("sampler_wide.tagged.json"))
        #expect(wide.executionSpans[0].pubSlices[0] == .twirled(shape: [2, 4, 5], randomizationsFirst: true, positions: 0..<2, shots: 0..<5, pubShots: 20))
        #expect(wide[0].metadata["circuit_metadata"]?["name"] == "wide")
    }

    @Test("plain-form spans are untagged: three-part slices read as SliceSpan, five-part ones as DoubleSliceSpan")
    func untaggedSpans() throws {
        let text = #"""
            {"results": [], "metadata": {"execution": {"execution_spans": [
              {"start": "2026-01-01T00:00:00Z", "stop": "2026-01-01T00:00:01Z", "data_slices": {"0": [[3, 100], 0, 300]}},
              {"start": "2026-01-01T00:00:01Z", "stop": "2026-01-01T00:00:03Z", "data_slices": {"1": [[3, 100], 0, 3, 0, 100]}}]}}}
            """#
        let spans = try SamplerResult(json: text).executionSpans
        #expect(spans.map(\.kind) == ["ExecutionSpan", "DoubleSliceSpan"])
        #expect(spans[0].pubSlices[0] == .flat(shape: [3, 100], range: 0..<300))
        #expect(spans[1].pubSlices[1] == .double(shape: [3, 100], positions: 0..<3, shots: 0..<100))
        #expect(spans[1].duration == 2)
    }

    @Test("estimator results: tagged and plain agree with qiskit, scalar and shaped",
          arguments: ["estimator_scalar", "estimator_shaped"])
    func estimator(name: String) throws {
        let expected = try #require(try PrimitiveFixtures.value("\(name).expected.json")["pubs"]?.arrayValue)
        let tagged = try EstimatorResult(json: try PrimitiveFixtures.text("\(name).tagged.json"))
        let plain = try EstimatorResult(json: try PrimitiveFixtures.text("\(name).plain.json"))
        #expect(tagged.map { $0.evs } == plain.map { $0.evs })
        #expect(tagged.map { $0.stds } == plain.map { $0.stds })
        #expect(tagged.map { $0.ensembleStandardError } == plain.map { $0.ensembleStandardError })
        for (pub, want) in zip(tagged, expected) {
            let shape = want["shape"]?.arrayValue?.compactMap { $0.intValue } ?? [-1]
            #expect(pub.shape == shape)
            #expect(pub.evs.elements == PrimitiveFixtures.doubles(want["evs"]))
            #expect(pub.stds.elements == PrimitiveFixtures.doubles(want["stds"]))
            #expect(pub.ensembleStandardError?.elements == PrimitiveFixtures.doubles(want["ensemble_standard_error"]))
            #expect(pub.metadata["shots"] == 4096)
            if shape.isEmpty {
                #expect(pub.evs.scalar == pub.evs.elements.first)
            } else {
                #expect(pub.evs.scalar == nil)
                #expect(pub.evs[2, 1] == pub.evs.elements[5])
            }
        }
    }

    @Test("result(as:) and the typed decoder read the same value as init(json:)")
    func decodingPaths() throws {
        let text = try PrimitiveFixtures.text("sampler_bell.tagged.json")
        let direct = try SamplerResult(json: text)
        #expect(try RuntimeValue(json: text).decode(as: SamplerResult.self) == direct)
        #expect(try PrimitiveResultDecoder<SamplerResult>().decode(text) == direct)
        #expect(try TypedResultDecoder<SamplerResult>().decode(text) == direct)
        let estimator = try PrimitiveFixtures.text("estimator_scalar.plain.json")
        #expect(try RuntimeValue(json: estimator).decode(as: EstimatorResult.self) == (try EstimatorResult(json: estimator)))
    }

    @Test("the shared 100,000 × 127-bit result decodes to its expected counts")
    func benchResult() throws {
        let text = try String(contentsOf: PrimitiveFixtures.benchResources.appending(path: "sampler_100k_127.json"), encoding: .utf8)
        let expected = try RuntimeValue(json: try String(contentsOf: PrimitiveFixtures.benchResources.appending(path: "sampler_100k_127.expected.json"), encoding: .utf8))
        let bits = try #require(try SamplerResult(json: text)[0].data["meas"])
        #expect(bits.shots == 100_000 && bits.bitCount == 127)
        let counts = bits.counts()
        #expect(counts.count == expected["distinct_outcomes"]?.intValue)
        #expect(counts.values.reduce(0, +) == expected["total_counts"]?.intValue)
        for pair in expected["top5_counts"]?.arrayValue ?? [] {
            #expect(counts[pair[0]?.stringValue ?? ""] == pair[1]?.intValue)
        }
        let outcomes = bits.outcomeCounts()
        #expect(outcomes.count == expected["distinct_outcomes"]?.intValue)
        #expect(outcomes.totalShots == expected["total_counts"]?.intValue)
        let top = outcomes.mostFrequent(5)
        #expect(top.map(\.bitstring) == expected["top5_counts"]?.arrayValue?.compactMap { $0[0]?.stringValue })
        #expect(top.map(\.count) == expected["top5_counts"]?.arrayValue?.compactMap { $0[1]?.intValue })
        #expect(outcomes.dictionary == counts)
        #expect((0..<3).map { bits.bitstring(shot: $0) } == expected["first3_bitstrings"]?.arrayValue?.compactMap { $0.stringValue })
        #expect(bits.bitstring(shot: 99_999) == expected["last_bitstring"]?.stringValue)
    }

    static let malformed: [(String, String)] = [
        ("not a result", #"[1, 2]"#),
        ("no pub results", #"{"__type__": "PrimitiveResult", "__value__": {"metadata": {}}}"#),
        ("data field neither BitArray nor ndarray", #"{"results": [{"data": {"__type__": "DataBin", "__value__": {"field_names": ["c"], "shape": [], "fields": {"c": 3}}}}]}"#),
        ("field listed but missing", #"{"results": [{"data": {"__type__": "DataBin", "__value__": {"field_names": ["c"], "shape": [], "fields": {}}}}]}"#),
        ("BitArray without num_bits", #"{"results": [{"data": {"c": {"samples": ["0x1"]}}}]}"#),
        ("bad hex", #"{"results": [{"data": {"c": {"samples": ["0xG"], "num_bits": 2}}}]}"#),
        ("hex wider than num_bits", #"{"results": [{"data": {"c": {"samples": ["0x4"], "num_bits": 2}}}]}"#),
        ("sample not a string", #"{"results": [{"data": {"c": {"samples": [3], "num_bits": 2}}}]}"#),
        ("ragged samples", #"{"results": [{"data": {"c": {"samples": [["0x1", "0x0"], ["0x1"]], "num_bits": 2}}}]}"#),
        ("ragged positions", #"{"results": [{"data": {"c": {"samples": [[["0x1"]], [["0x1"], ["0x0"]]], "num_bits": 2}}}]}"#),
        ("negative num_bits", #"{"results": [{"data": {"c": {"samples": [], "num_bits": -1}}}]}"#),
        ("registers of different shapes", #"{"results": [{"data": {"a": {"samples": ["0x1"], "num_bits": 1}, "b": {"samples": [["0x1"]], "num_bits": 1}}}]}"#),
        ("bad span", #"{"results": [], "metadata": {"execution": {"execution_spans": [{"start": "x", "stop": "y", "data_slices": {}}]}}}"#),
        ("short DoubleSliceSpan", #"{"results": [], "metadata": {"execution": {"execution_spans": {"__type__": "ExecutionSpans", "__value__": {"spans": [{"__type__": "DoubleSliceSpan", "__value__": {"start": "2025-01-01T00:00:00Z", "stop": "2025-01-01T00:00:01Z", "data_slices": {"0": [[2], 0, 1]}}}]}}}}}"#),
    ]

    /// Checks that reading `text` throws `.decodingFailed`.
    static func expectDecodingFailure(_ name: String, _ read: () throws -> Void) {
        do {
            try read()
            Issue.record("\(name): no error")
        } catch let error as RuntimeError {
            #expect(error.code == .decodingFailed, "\(name): \(error)")
        } catch {
            Issue.record("\(name): \(error)")
        }
    }

    @Test("malformed sampler results throw decodingFailed naming the place", arguments: malformed)
    func malformedSampler(name: String, text: String) throws {
        Self.expectDecodingFailure(name) { _ = try SamplerResult(json: text) }
    }

    @Test("a BitArray ndarray of the wrong width, dtype or rank is a decoding error")
    func malformedArrays() throws {
        func result(_ array: NDArray, bits: Int, shape: RuntimeValue = []) -> RuntimeValue {
            let bitArray: RuntimeValue = ["__type__": "BitArray", "__value__": ["array": .ndarray(array), "num_bits": .integer(Int64(bits))]]
            return ["__type__": "PrimitiveResult", "__value__": ["pub_results": [["__type__": "SamplerPubResult", "__value__": [
                "data": ["__type__": "DataBin", "__value__": ["field_names": ["c"], "shape": shape, "fields": ["c": bitArray]]],
            ]]]]]
        }
        let cases: [(NDArray, Int)] = [
            (try NDArray(uint8s: [1, 2, 3, 4], shape: [2, 2]), 3),       // 2 bytes per shot for 3 bits
            (try NDArray(uint8s: [1, 2], shape: [2]), 3),                // one dimension
            (try NDArray(int32s: [1, 2], shape: [2, 1]), 3),             // not uint8
        ]
        for (array, bits) in cases {
            #expect(throws: RuntimeError.self) { try SamplerResult(result(array, bits: bits)) }
        }
        let good = try SamplerResult(result(try NDArray(uint8s: [1, 2, 3, 4], shape: [2, 2, 1]), bits: 3, shape: [2]))
        #expect(good[0].shape == [2])
        #expect(good[0].data["c"]?.counts() == ["001": 1, "010": 1, "011": 1, "100": 1])
        // A DataBin shape that disagrees with the arrays.
        let mismatched = result(try NDArray(uint8s: [1, 2], shape: [2, 1]), bits: 3, shape: [3])
        #expect(throws: RuntimeError.self) { try SamplerResult(mismatched) }
    }

    static let malformedEstimator: [(String, String)] = [
        ("no evs", #"{"results": [{"data": {"stds": 0.1}}]}"#),
        ("evs not numbers", #"{"results": [{"data": {"evs": "high", "stds": 0.1}}]}"#),
        ("ragged evs", #"{"results": [{"data": {"evs": [[1.0], [1.0, 2.0]], "stds": [[1.0], [1.0, 2.0]]}}]}"#),
        ("stds of another shape", #"{"results": [{"data": {"evs": [1.0, 2.0], "stds": 0.1}}]}"#),
        ("a sampler result", #"{"results": [{"data": {"c": {"samples": ["0x1"], "num_bits": 1}}}]}"#),
        ("data not an object", #"{"results": [{"data": [1]}]}"#),
    ]

    @Test("malformed estimator results throw decodingFailed", arguments: malformedEstimator)
    func malformedEstimatorResults(name: String, text: String) throws {
        Self.expectDecodingFailure(name) { _ = try EstimatorResult(json: text) }
    }

    @Test("an estimator result without stds has NaN stds; extra data fields are kept")
    func estimatorExtras() throws {
        let result = try EstimatorResult(json: #"{"results": [{"data": {"evs": [0.5, 0.25], "evs_extrapolated": [[1.0]]}, "metadata": {"shots": 10}}]}"#)
        #expect(result[0].evs.elements == [0.5, 0.25])
        #expect(result[0].stds.elements.allSatisfy { $0.isNaN })
        #expect(result[0].otherData["evs_extrapolated"] == [[1.0]])
        #expect(result[0].ensembleStandardError == nil)
        #expect(result[0].evs.description == "[0.5, 0.25]")
    }
}
