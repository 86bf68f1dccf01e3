import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// Sampler and Estimator jobs through the real HTTP API of an in-process emulator (v1 mode, a
/// manual clock, no queued time): submit, wait for the simulation, read the job and its result.
///
/// The catalog is the standard one plus `any_tallinn` and `any_lisbon`: copies of `fake_tallinn`
/// (5 qubits) and `fake_lisbon` (127) that accept any gate, for OpenQASM 3 with stdgates.
struct PrimitiveHarness {
    let http: V1HTTPHarness
    let token: String

    /// A finished job: its JSON (`GET /jobs/{id}`), and its result text when it completed.
    struct FinishedJob {
        var id: String
        var job: JSONValue
        var resultText: String?

        var status: String? { job["state"]?["status"]?.stringValue }
        var reasonCode: Int64? { job["state"]?["reason_code"]?.integerValue }
        var reason: String? { job["state"]?["reason"]?.stringValue }
        /// The result as JSON.
        var result: JSONValue? { resultText.flatMap { try? JSONParser.parse($0) } }
        /// The result decoded as the SDK decodes RuntimeEncoder JSON (tags resolved).
        func decoded() throws -> RuntimeValue { try RuntimeValue(json: try #require(resultText)) }
    }

    static func with(
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (PrimitiveHarness) async throws -> Void
    ) async throws {
        try await V1HTTPHarness.with(timing: EmulatorTiming(queued: .zero, interval: .zero, interimCount: 0), { configuration in
            configuration.platform.backends = Self.catalog
            configure(&configuration)
        }) { http in
            try await body(PrimitiveHarness(http: http, token: try await http.token()))
        }
    }

    /// The standard catalog plus any-gates copies of fake_tallinn and fake_lisbon, and
    /// `noisy_tallinn`: any gates, with a calibration of known errors (readout error 0.1 on
    /// qubit 0, gate error 0.03 for `x` on qubit 0, nothing else).
    static let catalog: BackendCatalog = {
        var backends = BackendCatalog.standard.backends
        for (source, name) in [("fake_tallinn", "any_tallinn"), ("fake_lisbon", "any_lisbon"), ("fake_tallinn", "noisy_tallinn")] {
            guard var copy = BackendCatalog.standard.backend(named: source),
                  case .object(var members) = copy.configuration else { continue }
            for index in members.indices where members[index].key == "backend_name" { members[index].value = .string(name) }
            copy.configuration = .object(members)
            copy.acceptsAnyGates = true
            if name == "noisy_tallinn" { copy.properties = noisyProperties }
            backends.append(copy)
        }
        return (try? BackendCatalog(backends)) ?? .standard
    }()

    /// Readout error of qubit 0 and gate error of `x` on qubit 0 in `noisy_tallinn`.
    static let noisyReadout = 0.1
    static let noisyGate = 0.03

    static let noisyProperties: JSONValue = {
        let text = #"""
            {"backend_name": "noisy_tallinn", "backend_version": "1", "last_update_date": "2026-01-01T00:00:00Z", "general": [],
             "qubits": [[{"name": "readout_error", "value": \#(noisyReadout), "unit": "", "date": "2026-01-01T00:00:00Z"}], [], [], [], []],
             "gates": [{"gate": "x", "qubits": [0], "parameters": [{"name": "gate_error", "value": \#(noisyGate), "unit": "", "date": "2026-01-01T00:00:00Z"}]}]}
            """#
        return (try? JSONParser.parse(text)) ?? .null
    }()

    /// Submits `params` (JSON text) to `program` on `backend`, waits for the simulation and
    /// returns the job.
    func run(_ program: String, backend: String = "any_tallinn", params: String, extra: String = "") async throws -> FinishedJob {
        let id = try await http.submitted(
            #""program_id": "\#(program)", "backend": "\#(backend)", "params": \#(params)\#(extra)"#, token: token)
        await http.service.simulationFinished(jobID: id)
        return try await finished(id)
    }

    /// The job `id` as it is now, with its result if it completed.
    func finished(_ id: String) async throws -> FinishedJob {
        let job = try #require(try await http.v1("GET", "/jobs/\(id)?exclude_params=true", token: token).json)
        var text: String?
        if job["state"]?["status"]?.stringValue == "Completed" {
            let reply = try await http.v1("GET", "/jobs/\(id)/results", token: token)
            #expect(reply.status == 200)
            text = reply.text
        }
        return FinishedJob(id: id, job: job, resultText: text)
    }

    /// Sampler params: pubs (JSON text), options, tagged or plain.
    static func samplerParams(_ pubs: String, options: String = #"{"simulator": {"seed_simulator": 7}}"#, tagged: Bool = true) -> String {
        #"{"pubs": \#(pubs), "options": \#(options), "version": 2, "support_qiskit": \#(tagged)}"#
    }

    /// A JSON string literal of `text` (a circuit).
    static func quoted(_ text: String) -> String {
        JSONWriter.write(.string(text), style: .compact)
    }

    // MARK: Reading results

    /// The plain result's samples of register `name` of pub `pub` as integers (values up to 64
    /// bits), nested lists flattened in C order.
    static func plainSamples(_ result: JSONValue, pub: Int, register name: String) throws -> [UInt64] {
        let samples = try #require(result["results"]?.arrayValue?[pub]["data"]?[name]?["samples"])
        var values: [UInt64] = []
        func walk(_ value: JSONValue) throws {
            if case .array(let elements) = value {
                for element in elements { try walk(element) }
                return
            }
            let text = try #require(value.stringValue)
            #expect(text.hasPrefix("0x"))
            values.append(try #require(UInt64(text.dropFirst(2), radix: 16)))
        }
        try walk(samples)
        return values
    }

    /// The tagged result's BitArray of register `name` of pub `pub`: its array and bit count.
    static func bitArray(_ result: RuntimeValue, pub: Int, register name: String) throws -> (array: NDArray, bits: Int) {
        let pubResult = try #require(result["__value__"]?["pub_results"]?.arrayValue?[pub]["__value__"], "no pub \(pub)")
        let field = try #require(pubResult["data"]?["__value__"]?["fields"]?[name]?["__value__"], "no register \(name)")
        let array = try #require(field["array"]?.ndarrayValue)
        let bits = try #require(field["num_bits"]?.intValue)
        return (array, bits)
    }

    /// Values of packed big-endian rows of `width` bytes.
    static func values(_ bytes: [UInt8], width: Int) -> [UInt64] {
        guard width > 0 else { return [] }
        return stride(from: 0, to: bytes.count, by: width).map { start in
            bytes[start..<(start + width)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    /// Whether `observed` successes of `trials` lie within 5 binomial standard deviations (at
    /// least 1) of probability `p`.
    static func plausible(_ observed: Int, of trials: Int, probability p: Double) -> Bool {
        let mean: Double = Double(trials) * p
        let sigma: Double = max((Double(trials) * p * (1 - p)).squareRoot(), 1)
        return abs(Double(observed) - mean) <= 5 * sigma
    }

    /// Counts of the values.
    static func counts(_ values: [UInt64]) -> [UInt64: Int] {
        values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}
