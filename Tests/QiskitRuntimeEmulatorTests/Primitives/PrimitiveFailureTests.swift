import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// Primitive jobs that cannot run fail like the device's: Failed with a reason naming the pub
/// and the problem and the service's reason code, never a crash or a hang.
@Suite("Sampler and Estimator failures (validation like the device)", .timeLimit(.minutes(3)))
struct PrimitiveFailureTests {
    typealias H = PrimitiveHarness

    @Test("a stdgates circuit on fake_tallinn (Heron-style ISA) fails with 1517 naming the gate, qubits and line")
    func isaViolation() async throws {
        try await H.with { h in
            let job = try await h.run("sampler", backend: "fake_tallinn", params: H.samplerParams("[[\(H.quoted(SamplerV2Tests.bell)), null, 10]]"))
            #expect(job.status == "Failed")
            #expect(job.reasonCode == 1517)
            let reason = try #require(job.reason)
            #expect(reason.contains("non-ISA") && reason.contains("'h' on qubits [0]") && reason.contains("line 5"), "\(reason)")
            let results = try await h.http.v1("GET", "/jobs/\(job.id)/results", token: h.token)
            #expect(results.text.contains("Error code 1517"))
            // The reason code also reaches GET /jobs lists.
            let list = try #require(try await h.http.v1("GET", "/jobs?exclude_params=true", token: h.token).json)
            #expect(list["jobs"]?.arrayValue?.first?["state"]?["reason_code"] == .integer(1517))
        }
    }

    @Test("a circuit in the ISA runs on fake_tallinn: rz, sx, x, cz on a coupled pair, measure")
    func isaCircuit() async throws {
        let native = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] c;
            rz(pi/2) $0;
            sx $0;
            rz(pi/2) $0;
            rz(pi/2) $1;
            sx $1;
            rz(pi/2) $1;
            cz $0, $1;
            rz(pi/2) $1;
            sx $1;
            rz(pi/2) $1;
            c[0] = measure $0;
            c[1] = measure $1;
            """
        try await H.with { h in
            let job = try await h.run("sampler", backend: "fake_tallinn", params: H.samplerParams("[[\(H.quoted(native)), null, 500]]"))
            #expect(job.status == "Completed", "\(job.reason ?? "")")
            let values = H.values(try H.bitArray(try job.decoded(), pub: 0, register: "c").array.bytes, width: 1)
            #expect(Set(values).isSubset(of: [0, 3]) && Set(values).count == 2)   // a Bell pair in native gates
            let unCoupled = native.replacingOccurrences(of: "cz $0, $1;", with: "cz $0, $4;").replacingOccurrences(of: "$1", with: "$4")
            let refused = try await h.run("sampler", backend: "fake_tallinn", params: H.samplerParams("[[\(H.quoted(unCoupled)), null, 5]]"))
            #expect(refused.reasonCode == 1517 && refused.reason?.contains("'cz' on qubits [0, 4]") == true, "\(refused.reason ?? "")")
        }
    }

    @Test("parameter mapping: unbound parameters, a wrong number of values, an unknown name fail with 3211")
    func mapping() async throws {
        try await H.with { h in
            let circuit = H.quoted(SamplerV2Tests.rotation)
            let two = H.quoted(SamplerV2Tests.rotation.replacingOccurrences(of: "input float[64] theta;", with: "input float[64] theta;\ninput angle phi;")
                .replacingOccurrences(of: "ry(theta) q[0];", with: "ry(theta) q[0];\nrz(phi) q[0];"))
            for (text, values, fragment) in [
                (circuit, "null", "unbound parameters (theta)"), (two, "[[0.1, 0.2, 0.3]]", "shape (1, 3)"),
                (two, #"{"theta": 1}"#, "no value for the circuit's parameter 'phi'"), (circuit, #"{"phi": 1}"#, "'phi'"),
            ] {
                let job = try await h.run("sampler", params: H.samplerParams("[[\(text), \(values), 10]]"))
                #expect(job.status == "Failed" && job.reasonCode == 3211, "\(values): \(job.job)")
                #expect(job.reason?.contains(fragment) == true, "\(job.reason ?? "")")
            }
            let estimator = try await h.run("estimator", params: #"{"pubs": [[\#(H.quoted(EstimatorV2Tests.bell)), {"ZZZ": 1}, null, 0]], "version": 2}"#)
            #expect(estimator.reasonCode == 3211 && estimator.reason?.contains("3 characters") == true, "\(estimator.reason ?? "")")
            let shapes = try await h.run("estimator", params: #"{"pubs": [[\#(circuit), [{"Z": 1}, {"X": 1}], [[0.1], [0.2], [0.3]], 0]], "version": 2}"#)
            #expect(shapes.reasonCode == 3211 && shapes.reason?.contains("do not broadcast") == true, "\(shapes.reason ?? "")")
        }
    }

    @Test("malformed params fail with 1002: no pubs, a bad pub, unreadable OpenQASM (line and column), bad QPY, bad shots")
    func malformed() async throws {
        try await H.with { h in
            let cases: [(String, String)] = [
                (#"{"version": 2}"#, "needs 'pubs'"),
                (#"{"pubs": "x"}"#, "'pubs' must be a list"),
                (#"{"pubs": [[]]}"#, "pub 0 has 0 elements"),
                (#"{"pubs": [["OPENQASM 3.0;\nqubit[1] q;\nfoo q[0];"]]}"#, "line 3"),
                (#"{"pubs": [[{"__type__": "QuantumCircuit", "__value__": "not base64!"}]]}"#, "could not be read"),
                (#"{"pubs": [[\#(H.quoted(SamplerV2Tests.bell)), null, -3]]}"#, "shots must be a positive integer"),
                (#"{"pubs": [[\#(H.quoted(SamplerV2Tests.bell)), null, 10]], "options": {"default_shots": "many"}}"#, "default_shots"),
                (#"{"pubs": [[\#(H.quoted(SamplerV2Tests.bell))]], "version": 1}"#, "only version 2"),
            ]
            for (params, fragment) in cases {
                let job = try await h.run("sampler", params: params)
                #expect(job.status == "Failed" && job.reasonCode == 1002, "\(params): \(job.job)")
                #expect(job.reason?.contains(fragment) == true, "\(params): \(job.reason ?? "")")
            }
            let huge = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(SamplerV2Tests.bell)), null, 100000000]]"))
            #expect(huge.reasonCode == 1002 && huge.reason?.contains("max_shots") == true, "\(huge.reason ?? "")")
        }
    }

    @Test("more qubits than the simulator allows: 1002 naming both numbers")
    func tooManyQubits() async throws {
        try await H.with({ $0.platform.simulator.maxQubits = 4 }) { h in
            let job = try await h.run("sampler", params: H.samplerParams("[[\(H.quoted(SamplerV2Tests.ghz(5))), null, 10]]"))
            #expect(job.reasonCode == 1002)
            #expect(job.reason?.contains("acts on 5 qubits") == true && job.reason?.contains("at most 4") == true, "\(job.reason ?? "")")
        }
    }

    @Test("the legacy API keeps its made-up sampler and has no estimator")
    func legacyPrograms() async throws {
        let h = EmulatorHarness(timing: EmulatorTiming(queued: .zero, interval: .zero, interimCount: 0))
        let body = #"{"program_id": "sampler", "params": {"pubs": [["OPENQASM 3.0;"]], "version": 2, "shots": 100}}"#
        let id = try #require(await h.request("POST", "/runtime/jobs", body: body).json?["id"]?.stringValue)
        h.clock.advance(by: .seconds(1))
        let result = try #require(await h.request("GET", "/runtime/jobs/\(id)/results").json)
        #expect(result["counts"]?["00"] != nil && result["metadata"]?["shots"] == .integer(100))
        #expect(await h.request("POST", "/runtime/jobs", body: #"{"program_id": "estimator"}"#).status == 404)
    }
}
