#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuntimeWire
import Testing
@testable import QiskitRuntime

/// Backends of today's platform (PLATFORM.md §2, §4): the list, a backend's status (never
/// cached), configuration (typed, cached per service) and properties (typed, `nil` when none),
/// and the least busy backend.
@Suite("Backends", .timeLimit(.minutes(1)))
struct BackendTests {
    static let devices = """
        {"devices": [
         {"name": "ibm_torino", "status": {"name": "online", "reason": "available"}, "qubits": 133, \
        "is_simulator": false, "queue_length": 40, "clops": {"type": "hardware", "value": 210000}, \
        "processor_type": {"family": "Heron", "revision": "1"}, "performance_metrics": {}},
         {"name": "ibm_fez", "status": {"name": "online"}, "qubits": 156, "is_simulator": false, "queue_length": 12, \
        "processor_type": {"family": "Heron", "revision": 2}},
         {"name": "ibm_small", "status": {"name": "online"}, "qubits": 5, "is_simulator": false, "queue_length": 0},
         {"name": "ibm_marrakesh", "status": {"name": "paused", "reason": "calibrating"}, "qubits": 156, \
        "is_simulator": false, "queue_length": 1},
         {"name": "simulator_stabilizer", "status": "online", "qubits": 5000, "is_simulator": true, "queue_length": 0}
        ]}
        """

    /// A 3-qubit line with Heron gates: per-gate coupling maps; the top-level map differs.
    static let configuration = """
        {"backend_name": "fake_line", "backend_version": "1.2.3", "n_qubits": 3, "basis_gates": ["cz", "id", "rz", "sx", "x"], \
        "gates": [{"name": "rz", "parameters": ["theta"], "qasm_def": "gate rz(theta) q { U(0, 0, theta) q; }", \
        "coupling_map": [[0], [1], [2]]}, {"name": "cz", "parameters": [], "qasm_def": "gate cz q0, q1 { CZ q0, q1; }", \
        "coupling_map": [[0, 1], [1, 0], [1, 2], [2, 1], [0, 1]]}, {"name": "measure", "parameters": [], "qasm_def": null}], \
        "local": false, "simulator": false, "conditional": false, "open_pulse": false, "memory": true, \
        "coupling_map": [[0, 2]], "online_date": "2024-05-01T00:00:00Z", "max_shots": 100000, "max_experiments": 300, \
        "dt": 0.5, "processor_type": {"family": "Heron", "revision": "2"}, "supported_features": ["qasm3"], \
        "supported_instructions": ["cz", "rz", "measure", "reset", "delay", "if_else"], "extra_key": {"kept": [1, 2]}}
        """

    static let properties = """
        {"backend_name": "fake_line", "backend_version": "1.2.3", "last_update_date": "2026-04-20T08:00:00Z", \
        "qubits": [[{"date": "2026-04-20T08:00:00Z", "name": "T1", "unit": "us", "value": 150.5}, \
        {"name": "T2", "unit": "us", "value": 90}, {"name": "frequency", "unit": "GHz", "value": 4.9}, \
        {"name": "readout_error", "unit": "", "value": 0.012}, {"name": "readout_length", "unit": "ns", "value": 1560}, \
        {"name": "prob_meas0_prep1", "unit": "", "value": 0.02}, {"name": "prob_meas1_prep0", "unit": "", "value": 0.004}], \
        [{"name": "T1", "unit": "ms", "value": 0.2}, {"name": "T2", "unit": "us", "value": "n/a"}], []], \
        "gates": [{"gate": "cz", "name": "cz0_1", "qubits": [0, 1], "parameters": [{"name": "gate_error", "unit": "", "value": 0.003}, \
        {"name": "gate_length", "unit": "ns", "value": 68}]}, {"gate": "sx", "qubits": [2], "parameters": [ \
        {"name": "gate_error", "unit": "", "value": 0.0002}]}, {"gate": "bad", "qubits": ["x"], "parameters": []}], \
        "general": []}
        """

    @Test("backends() reads name, status, qubits, queue, simulator and processor")
    func list() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends", json: Self.devices)
        let backends = try await service.backends()
        #expect(backends.map(\.name) == ["ibm_torino", "ibm_fez", "ibm_small", "ibm_marrakesh", "simulator_stabilizer"])
        let torino = backends[0]
        #expect(torino.isOnline)
        #expect(torino.status == "online")
        #expect(torino.statusReason == "available")
        #expect(torino.qubitCount == 133)
        #expect(torino.queueLength == 40)
        #expect(!torino.isSimulator)
        #expect(torino.processorType == BackendProcessorType(family: "Heron", revision: "1"))
        #expect(backends[1].processorType?.description == "Heron r2")
        #expect(!backends[3].isOnline)
        #expect(backends[4].isSimulator && backends[4].isOnline)
        #expect(transport.requests("GET", "/api/v1/backends").count == 1)

        transport.on("GET", "/api/v1/backends", json: #"{"devices": [{"qubits": 5}]}"#)
        await #expect(throws: RuntimeError.self) { _ = try await service.backends() }
        transport.on("GET", "/api/v1/backends", json: #"{"other": []}"#)
        await #expect(throws: RuntimeError.self) { _ = try await service.backends() }
    }

    @Test("leastBusy: the shortest queue among online hardware with enough qubits")
    func leastBusy() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends", json: Self.devices)
        #expect(try await service.leastBusy().name == "ibm_small")
        #expect(try await service.leastBusy(minimumQubits: 100).name == "ibm_fez")
        #expect(try await service.leastBusy(minimumQubits: 100, where: { $0.name != "ibm_fez" }).name == "ibm_torino")
        do {
            _ = try await service.leastBusy(minimumQubits: 1000)
            Issue.record("the simulator or a paused backend was chosen")
        } catch let error as RuntimeError {
            #expect(error.code == .notFound)
        }
        #expect(transport.requests("GET", "/api/v1/backends").count == 4)
    }

    @Test("status() asks every time and maps state, status, length_queue")
    func status() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends/ibm_fez/status", json: """
            {"state": true, "status": "active", "message": "available", "length_queue": 7, "backend_version": "1.0.4"}
            """)
        let backend = service.backend("ibm_fez")
        let status = try await backend.status()
        #expect(status == BackendStatus(
            backendName: "ibm_fez", isOperational: true, statusMessage: "active", message: "available", pendingJobs: 7,
            backendVersion: "1.0.4"))
        transport.on("GET", "/api/v1/backends/ibm_fez/status", json: #"{"state": false, "status": "maintenance", "length_queue": -3}"#)
        let later = try await backend.status()
        #expect(!later.isOperational)
        #expect(later.statusMessage == "maintenance")
        #expect(later.pendingJobs == 0)
        #expect(transport.requests("GET", "/api/v1/backends/ibm_fez/status").count == 2)
    }

    @Test("configuration() is typed, keeps the document, and is read once per service")
    func configuration() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends/fake_line/configuration", json: Self.configuration)
        let configuration = try await service.backend("fake_line").configuration()
        #expect(configuration.backendName == "fake_line")
        #expect(configuration.backendVersion == "1.2.3")
        #expect(configuration.qubitCount == 3)
        #expect(configuration.basisGates == ["cz", "id", "rz", "sx", "x"])
        #expect(configuration.supportedInstructions == ["cz", "rz", "measure", "reset", "delay", "if_else"])
        // Connectivity from the gates' own maps (repeats dropped), not the top-level map.
        #expect(configuration.couplingMap == [CouplingEdge(0, 1), CouplingEdge(1, 0), CouplingEdge(1, 2), CouplingEdge(2, 1)])
        #expect(configuration.gates.map(\.name) == ["rz", "cz", "measure"])
        #expect(configuration.gates[0].parameters == ["theta"])
        #expect(configuration.gates[0].qubits == [[0], [1], [2]])
        #expect(configuration.gates[2].qasmDefinition == nil)
        #expect(configuration.maxShots == 100_000)
        #expect(configuration.maxExperiments == 300)
        #expect(configuration.dt == 0.5e-9)
        #expect(configuration.processorType == BackendProcessorType(family: "Heron", revision: "2"))
        #expect(!configuration.isSimulator)
        #expect(configuration.onlineDate == Date(timeIntervalSince1970: 1_714_521_600))
        #expect(configuration.supportedFeatures == ["qasm3"])
        #expect(try configuration.document["extra_key"] == ["kept": [1, 2]])
        #expect(try RuntimeValue(json: configuration.jsonText) == configuration.document)

        // Cached: a second backend value of the same service asks nothing more.
        _ = try await service.backend("fake_line").configuration()
        #expect(transport.requests("GET", "/api/v1/backends/fake_line/configuration").count == 1)
        #expect(service.client.backendConfigurations.count == 1)
        // Another service has its own cache.
        let other = try await CloudFixtures.service(transport)
        _ = try await other.backend("fake_line").configuration()
        #expect(transport.requests("GET", "/api/v1/backends/fake_line/configuration").count == 2)
    }

    @Test("configuration defaults: the top-level map without gate maps, measure/reset/delay without supported_instructions")
    func configurationDefaults() throws {
        let json = try WireJSON.parse(Array("""
            {"backend_name": "b", "n_qubits": 2, "coupling_map": [[0, 1], [1, "x"], [1, 0]], "gates": [{"name": "cx"}], \
            "dt": "fast", "simulator": true}
            """.utf8), context: "test")
        let configuration = try BackendConfiguration(json: json)
        #expect(configuration.couplingMap == [CouplingEdge(0, 1), CouplingEdge(1, 0)])
        #expect(configuration.supportedInstructions == ["measure", "reset", "delay"])
        #expect(configuration.dt == nil)
        #expect(configuration.isSimulator)
        for bad in ["[]", #"{"n_qubits": 2}"#, #"{"backend_name": "b"}"#, #"{"backend_name": "b", "n_qubits": -1}"#] {
            #expect(throws: RuntimeError.self) { try BackendConfiguration(json: try WireJSON.parse(Array(bad.utf8), context: "t")) }
        }
    }

    @Test("a configuration the service cannot give is an error and is not cached; names are escaped in paths")
    func configurationErrors() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends/a%2Fb/configuration", json: #"{"n_qubits": 1}"#)
        do {
            _ = try await service.backend("a/b").configuration()
            Issue.record("a configuration without a name was accepted")
        } catch let error as RuntimeError {
            #expect(error.code == .invalidResponse)
        }
        #expect(service.client.backendConfigurations.count == 0)
        do {
            _ = try await service.backend("nope").configuration()
            Issue.record("an unknown backend has a configuration")
        } catch let error as RuntimeError {
            #expect(error.code == .notFound)
        }
    }

    @Test("properties() converts to SI units and skips values it cannot read")
    func properties() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends/fake_line/properties", json: Self.properties)
        let properties = try #require(try await service.backend("fake_line").properties())
        #expect(properties.backendName == "fake_line")
        #expect(properties.lastUpdate == Date(timeIntervalSince1970: 1_776_672_000))
        #expect(properties.qubits.count == 3)
        let q0 = properties.qubits[0]
        #expect(abs((q0.t1 ?? 0) - 150.5e-6) < 1e-12)
        #expect(abs((q0.t2 ?? 0) - 90e-6) < 1e-12)
        #expect(abs((q0.frequency ?? 0) - 4.9e9) < 1)
        #expect(q0.readoutError == 0.012)
        #expect(abs((q0.readoutLength ?? 0) - 1560e-9) < 1e-15)
        #expect(q0.probabilityMeasure0Prepare1 == 0.02)
        #expect(q0.probabilityMeasure1Prepare0 == 0.004)
        #expect(abs((properties.qubits[1].t1 ?? 0) - 0.2e-3) < 1e-12)
        #expect(properties.qubits[1].t2 == nil)
        #expect(properties.qubits[2] == QubitProperties())
        #expect(properties.gates.count == 2)
        let cz = try #require(properties.gate("cz", on: [0, 1]))
        #expect(cz.error == 0.003)
        #expect(abs((cz.length ?? 0) - 68e-9) < 1e-15)
        #expect(properties.gate("cz", on: [1, 0]) == nil)
        #expect(properties.gate("sx", on: [2])?.length == nil)
        #expect(try properties.document["general"] == [])
    }

    @Test("properties() is nil when the service has none: {}, null, no content, or neither qubits nor gates")
    func noProperties() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        for reply in ["{}", "null", "", #"{"backend_name": "sim"}"#] {
            transport.on("GET", "/api/v1/backends/sim/properties", .response(RuntimeHTTPResponse(status: 200, body: Array(reply.utf8))))
            #expect(try await service.backend("sim").properties() == nil, "\(reply)")
        }
        transport.on("GET", "/api/v1/backends/sim/properties", .response(RuntimeHTTPResponse(status: 204)))
        #expect(try await service.backend("sim").properties() == nil)
        transport.on("GET", "/api/v1/backends/sim/properties", json: "[1]")
        await #expect(throws: RuntimeError.self) { _ = try await service.backend("sim").properties() }
    }

    @Test("usage() reads consumed, limit, allocation, limit reached and the period")
    func usage() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/instances/usage", json: """
            {"instance_id": "inst-456", "plan_id": "open", "usage_consumed_seconds": 540.5, "usage_limit_seconds": 600, \
            "usage_allocation_seconds": 900, "usage_limit_reached": false, \
            "usage_period": {"start_time": "2026-04-01T00:00:00Z", "end_time": "2026-05-01T00:00:00.000Z"}}
            """)
        let usage = try await service.usage()
        #expect(usage.instanceID == "inst-456")
        #expect(usage.planID == "open")
        #expect(usage.consumedSeconds == 540.5)
        #expect(usage.limitSeconds == 600)
        #expect(usage.allocationSeconds == 900)
        #expect(!usage.isLimitReached)
        #expect(usage.remainingSeconds == 59.5)
        #expect(usage.periodStart == Date(timeIntervalSince1970: 1_775_001_600))
        #expect(usage.periodEnd == Date(timeIntervalSince1970: 1_777_593_600))
        #expect(usage.document["plan_id"] == "open")

        transport.on("GET", "/api/v1/instances/usage", json: #"{"usage_consumed_seconds": 1000, "usage_allocation_seconds": 900, "usage_limit_reached": true}"#)
        let reached = try await service.usage()
        #expect(reached.isLimitReached)
        #expect(reached.remainingSeconds == 0)
        #expect(reached.limitSeconds == nil)
        transport.on("GET", "/api/v1/instances/usage", json: #"{"usage_consumed_seconds": 3}"#)
        #expect(try await service.usage().remainingSeconds == nil)
        transport.on("GET", "/api/v1/instances/usage", json: "[]")
        await #expect(throws: RuntimeError.self) { _ = try await service.usage() }
    }

    @Test("include_mocks, calibration_id and updated_before are sent only when asked; a calibration's configuration is not cached")
    func callParameters() async throws {
        let transport = ScriptedTransport()
        let service = try await CloudFixtures.service(transport)
        transport.on("GET", "/api/v1/backends", json: Self.devices)
        _ = try await service.backends()
        _ = try await service.backends(includeMocks: true)
        let lists = transport.requests("GET", "/api/v1/backends").map(\.url)
        #expect(lists.count == 2)
        #expect(!lists[0].contains("?") && lists[1].hasSuffix("/api/v1/backends?include_mocks=true"))

        let configuration = #"{"backend_name": "b", "n_qubits": 1}"#
        transport.on("GET", "/api/v1/backends/b/configuration", json: configuration)
        _ = try await service.backend("b").configuration(calibrationID: "cal-1")
        _ = try await service.backend("b").configuration(calibrationID: "cal-1")
        _ = try await service.backend("b").configuration()
        _ = try await service.backend("b").configuration()
        let reads = transport.requests("GET", "/api/v1/backends/b/configuration").map(\.url)
        #expect(reads.count == 3, "a calibration's configuration is read each time; the current one once")
        #expect(reads[0].hasSuffix("/configuration?calibration_id=cal-1") && reads[2].hasSuffix("/configuration"))

        transport.on("GET", "/api/v1/backends/b/properties", json: #"{"qubits": [[]], "gates": []}"#)
        _ = try await service.backend("b").properties()
        _ = try await service.backend("b").properties(updatedBefore: Date(timeIntervalSince1970: 1_767_225_600), calibrationID: "cal 2")
        let properties = transport.requests("GET", "/api/v1/backends/b/properties").map(\.url)
        #expect(properties[0].hasSuffix("/properties"))
        let query = properties[1].split(separator: "?").last.map(String.init) ?? ""
        #expect(query.hasPrefix("updated_before=2026-01-01T00") && query.hasSuffix("&calibration_id=cal%202"), "\(query)")
    }

    /// A tagged value (`__type__`) that cannot be read: an ndarray whose data is not base64.
    static let brokenTagged = #"{"__type__": "ndarray", "__value__": "%%% not base64 %%%"}"#

    @Test("documents holding an unreadable tagged value throw invalidValue instead of dropping it")
    func unreadableDocuments() async throws {
        func expectDecodingFailed(_ what: String, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("\(what): no error")
            } catch let error as RuntimeError {
                #expect(error.code == .invalidValue, "\(what): \(error)")
            } catch {
                Issue.record("\(what): \(error)")
            }
        }
        let configuration = try BackendConfiguration(json: try JSONParser.parse(#"{"backend_name": "b", "n_qubits": 1, "extra": \#(Self.brokenTagged)}"#))
        #expect(configuration.backendName == "b" && configuration.qubitCount == 1, "the typed fields are read")
        expectDecodingFailed("configuration.document") { _ = try configuration.document }
        let properties = try #require(try BackendProperties(json: try JSONParser.parse(#"{"qubits": [[]], "gates": [], "x": \#(Self.brokenTagged)}"#)))
        #expect(properties.qubits.count == 1)
        expectDecodingFailed("properties.document") { _ = try properties.document }
        expectDecodingFailed("usage") { _ = try InstanceUsage(json: try JSONParser.parse(#"{"plan_id": "open", "x": \#(Self.brokenTagged)}"#)) }
        expectDecodingFailed("program spec") { _ = try RuntimeProgram(json: try JSONParser.parse(#"{"id": "p", "spec": {"parameters": \#(Self.brokenTagged)}}"#)) }
        // Readable tagged values are kept.
        let program = try RuntimeProgram(json: try JSONParser.parse(#"{"id": "p", "spec": {"n": {"__type__": "complex", "__value__": [1.0, 2.0]}}}"#))
        #expect(program.spec?["n"] != nil)
    }
}
