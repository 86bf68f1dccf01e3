import Foundation
import QiskitRuntime
import RuntimeWire
import Testing
@testable import QiskitRuntimeEmulator
import QuantumCircuits

/// How primitive jobs run: on the compute pool while the emulator keeps answering, stopped by
/// cancellation and the time limit, billed for the simulated time, kept Running by the
/// `emulator:running_s` tag.
@Suite("Primitive jobs: threads, cancellation, time limit, usage", .timeLimit(.minutes(3)))
struct PrimitiveExecutionTests {
    typealias H = PrimitiveHarness

    /// A simulation that takes minutes in a debug build unless stopped: a mid-circuit
    /// measurement makes every one of 100,000 shots a 14-qubit trajectory.
    static let long: String = {
        var text = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[14] q;\nbit[2] c;\n"
        for k in 0..<14 { text += "h q[\(k)];\n" }
        text += "c[0] = measure q[0];\n"
        for k in 0..<13 { text += "cx q[\(k)], q[\(k + 1)];\n" }
        return text + "c[1] = measure q[13];\n"
    }()

    @Test("while a simulation is held on its compute thread, status reads of it and of another job answer")
    func responsiveWhileSimulating() async throws {
        let gate = SimulationGate(closed: true)
        try await H.with({ $0.platform.simulator.willSimulate = { gate.hook($0) } }) { h in
            let other = try await h.http.submitted(#""program_id": "hello-world", "backend": "fake_tallinn", "params": {}"#, token: h.token)
            let id = try await h.http.submitted(
                #""program_id": "sampler", "backend": "any_tallinn", "params": \#(H.samplerParams("[[\(H.quoted(SamplerV2Tests.bell)), null, 100]]"))"#,
                token: h.token)
            let start = try #require(await gate.nextStart())
            #expect(start.jobID == id)
            #expect(start.thread == "runtime-compute")   // a ComputePool thread: not the event loop, not the cooperative pool
            // The simulation cannot go on; the emulator answers anyway.
            let held = try #require(try await h.http.v1("GET", "/jobs/\(id)?exclude_params=true", token: h.token).json)
            #expect(held["state"]?["status"] == .string("Running"))
            #expect(held["estimated_running_time_seconds"] == .null)
            #expect(try await h.http.v1("GET", "/jobs/\(other)", token: h.token).status == 200)
            #expect(try await h.http.v1("GET", "/jobs/\(id)/results", token: h.token).status == 204)   // no result yet
            gate.open()
            await h.http.service.simulationFinished(jobID: id)
            #expect(try await h.finished(id).status == "Completed")
        }
    }

    @Test("POST /cancel stops a long simulation: the job is Cancelled and the simulation ends")
    func cancel() async throws {
        let gate = SimulationGate(closed: false)
        try await H.with({ $0.platform.simulator.willSimulate = { gate.hook($0) } }) { h in
            let id = try await h.http.submitted(
                #""program_id": "sampler", "backend": "any_lisbon", "params": \#(H.samplerParams("[[\(H.quoted(Self.long)), null, 100000]]"))"#,
                token: h.token)
            _ = await gate.nextStart()
            #expect(try await h.http.v1("POST", "/jobs/\(id)/cancel", token: h.token).status == 204)
            await h.http.service.simulationFinished(jobID: id)   // minutes if the engine did not stop
            let job = try await h.finished(id)
            #expect(job.status == "Cancelled")
            #expect(job.reasonCode == nil)
            #expect(h.http.service.state.withLock { $0.jobs[id]?.primitive?.wasStopped } == true)
            #expect(try await h.http.v1("POST", "/jobs/\(id)/cancel", token: h.token).status == 409)
        }
    }

    @Test("the time limit (cost) stops a long simulation: Cancelled with 1305")
    func timeLimit() async throws {
        let gate = SimulationGate(closed: false)
        try await H.with({ $0.platform.simulator.willSimulate = { gate.hook($0) } }) { h in
            let id = try await h.http.submitted(
                #""program_id": "sampler", "backend": "any_lisbon", "cost": 2, "params": \#(H.samplerParams("[[\(H.quoted(Self.long)), null, 100000]]"))"#,
                token: h.token)
            _ = await gate.nextStart()
            h.http.advance(seconds: 3)
            await h.http.service.simulationFinished(jobID: id)
            let job = try await h.finished(id)
            #expect(job.status == "Cancelled")
            #expect(job.reasonCode == 1305)
            #expect(h.http.service.state.withLock { $0.jobs[id]?.primitive?.wasStopped } == true)
        }
    }

    @Test("usage counts the simulated time (the manual clock stood still); emulator:running_s keeps the job Running")
    func usageAndRunningTag() async throws {
        try await H.with { h in
            let params = H.samplerParams("[[\(H.quoted(SamplerV2Tests.ghz(5))), null, 2000]]")
            let job = try await h.run("sampler", params: params)
            #expect(job.status == "Completed")
            let metrics = try #require(try await h.http.v1("GET", "/jobs/\(job.id)/metrics", token: h.token).json)
            let charged = try #require(metrics["usage"]?["qpu_charge_time_seconds"]?.doubleValue)
            #expect(charged > 0)
            let usage = try #require(try await h.http.v1("GET", "/instances/usage", token: h.token).json)
            #expect(usage["usage_consumed_seconds"]?.doubleValue == charged)
            // Once the simulation ended, the estimate is at least its time (the plan had none).
            let record = try #require(try await h.http.v1("GET", "/jobs/\(job.id)?exclude_params=true", token: h.token).json)
            #expect(record["estimated_running_time_seconds"]?.doubleValue == charged)
            #expect(record["usage"]?["qpu_charge_time_seconds"]?.doubleValue == charged)

            let tagged = try await h.run("sampler", params: params, extra: #", "tags": ["emulator:running_s=30"]"#)
            #expect(tagged.status == "Running")
            h.http.advance(seconds: 29)
            #expect(try await h.finished(tagged.id).status == "Running")
            h.http.advance(seconds: 2)
            let done = try await h.finished(tagged.id)
            #expect(done.status == "Completed" && done.resultText?.contains("PrimitiveResult") == true)
        }
    }
}
