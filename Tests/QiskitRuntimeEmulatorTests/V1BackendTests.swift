import Foundation
import QuantumCircuits
import RuntimeWire
import QiskitRuntime
import Testing
@testable import QiskitRuntimeEmulator

@Suite("v1 API: the backend catalog over HTTP", .timeLimit(.minutes(2)))
struct V1BackendTests {
    @Test("the lattices have IBM's sizes: T of 5, Eagle 127 with 144 couplings, Heron r2 156 with 176")
    func lattices() {
        #expect(QubitLattice.tee.qubitCount == 5)
        #expect(QubitLattice.tee.edges.count == 4)
        #expect(QubitLattice.eagle127.qubitCount == 127)
        #expect(QubitLattice.eagle127.edges.count == 144)
        #expect(QubitLattice.heron156.qubitCount == 156)
        #expect(QubitLattice.heron156.edges.count == 176)
        // Heavy hex: every qubit has at most three neighbours, bridges exactly two.
        for lattice in [QubitLattice.eagle127, QubitLattice.heron156] {
            var degree = [Int](repeating: 0, count: lattice.qubitCount)
            for (a, b) in lattice.edges { degree[a] += 1; degree[b] += 1 }
            #expect(degree.allSatisfy { (1...3).contains($0) })
        }
        // Eagle: bridge 14 joins 0 and 18; the last bridge row reaches the shorter last row.
        let eagle = Set(QubitLattice.eagle127.pairs)
        #expect(eagle.contains(.init(a: 0, b: 14)) && eagle.contains(.init(a: 14, b: 18)))
        #expect(eagle.contains(.init(a: 96, b: 109)) && eagle.contains(.init(a: 109, b: 114)))
        #expect(eagle.contains(.init(a: 112, b: 126)))
        let heron = Set(QubitLattice.heron156.pairs)
        #expect(heron.contains(.init(a: 3, b: 16)) && heron.contains(.init(a: 16, b: 23)))
        #expect(heron.contains(.init(a: 21, b: 36)) && heron.contains(.init(a: 36, b: 41)))
        #expect(QubitLattice.line(6).edges.count == 5)
    }

    @Test("QuantumCircuits builds an instruction-set architecture from every standard configuration")
    func isa() throws {
        for (name, qubits, twoQubit, pairs) in [("fake_tallinn", 5, "cz", 8), ("fake_lisbon", 127, "ecr", 144), ("fake_bergen", 156, "cz", 352)] {
            let backend = try #require(BackendCatalog.standard.backend(named: name))
            let isa = try InstructionSetArchitecture(configuration: backend.configuration)
            #expect(isa.qubitCount == qubits)
            #expect(isa.basisGates == [twoQubit, "id", "rz", "sx", "x"])
            #expect(isa.gateQubits[twoQubit]?.count == pairs)
            #expect(isa.gateQubits["sx"]?.count == qubits)
            #expect(Set(["measure", "reset", "delay"]).isSubset(of: Set(isa.supportedInstructions)))
        }
    }

    @Test("GET /backends lists the three devices with status, qubits, queue length and processor")
    func list() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let reply = try await h.v1("GET", "/backends", token: token)
            #expect(reply.status == 200)
            let devices = try #require(reply.json?["devices"]?.arrayValue)
            #expect(devices.compactMap { $0["name"]?.stringValue } == ["fake_tallinn", "fake_lisbon", "fake_bergen"])
            #expect(devices.compactMap { $0["qubits"]?.integerValue } == [5, 127, 156])
            for device in devices {
                #expect(device["status"]?["name"] == .string("online"))
                #expect(device["is_simulator"] == .bool(false))
                #expect(device["queue_length"] == .integer(0))
                #expect(device["processor_type"]?["family"]?.stringValue != nil)
                #expect(device["performance_metrics"]?["two_q_error_median"]?.doubleValue != nil)
                #expect(device["class"] == nil)
            }
            #expect(devices[1]["processor_type"]?["family"] == .string("Eagle"))
        }
    }

    @Test("every configuration has the keys the official client requires, per-gate maps and definitions")
    func configuration() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            for (name, qubits, twoQubit) in [("fake_tallinn", 5, "cz"), ("fake_lisbon", 127, "ecr"), ("fake_bergen", 156, "cz")] {
                let reply = try await h.v1("GET", "/backends/\(name)/configuration", token: token)
                #expect(reply.status == 200)
                let config = try #require(reply.json)
                try EmulatedBackend.validate(configuration: config)
                #expect(config["backend_name"] == .string(name))
                #expect(config["n_qubits"] == .integer(Int64(qubits)))
                #expect(config["basis_gates"] == .strings([twoQubit, "id", "rz", "sx", "x"]))
                let instructions = config["supported_instructions"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(Set(["measure", "reset", "delay", twoQubit]).isSubset(of: Set(instructions)))
                #expect(config["max_shots"] == .integer(100_000))
                #expect(config["dt"]?.doubleValue != nil)
                #expect(config["processor_type"]?["family"]?.stringValue != nil)
                let gates = try #require(config["gates"]?.arrayValue)
                let two = try #require(gates.first { $0["name"] == .string(twoQubit) })
                #expect(two["qasm_def"]?.stringValue?.hasPrefix("gate \(twoQubit) q0, q1") == true)
                let pairs = try #require(two["coupling_map"]?.arrayValue)
                let lattice = name == "fake_tallinn" ? QubitLattice.tee : name == "fake_lisbon" ? .eagle127 : .heron156
                // cz both ways, ecr one way per coupling; the top-level map is the same.
                #expect(pairs.count == lattice.edges.count * (twoQubit == "cz" ? 2 : 1))
                #expect(config["coupling_map"]?.arrayValue == pairs)
                let sx = try #require(gates.first { $0["name"] == .string("sx") })
                #expect(sx["coupling_map"]?.arrayValue?.count == qubits)
                #expect(gates.allSatisfy { $0["qasm_def"] != nil && $0["parameters"] != nil })
            }
            let missing = try await h.v1("GET", "/backends/ibm_nowhere/configuration", token: token)
            #expect(missing.status == 404)
        }
    }

    @Test("properties: seeded, plausible per-qubit and per-gate calibration; status has the queue")
    func propertiesAndStatus() async throws {
        try await V1HTTPHarness.with { h in
            let token = try await h.token()
            let reply = try await h.v1("GET", "/backends/fake_lisbon/properties", token: token)
            let properties = try #require(reply.json)
            #expect(properties["backend_name"] == .string("fake_lisbon"))
            let qubits = try #require(properties["qubits"]?.arrayValue)
            #expect(qubits.count == 127)
            for qubit in qubits {
                var values: [String: Double] = [:]
                for entry in qubit.arrayValue ?? [] {
                    if let name = entry["name"]?.stringValue, let value = entry["value"]?.doubleValue { values[name] = value }
                    #expect(entry["date"]?.stringValue.flatMap(CivilDate.parseISO8601) != nil)
                }
                let t1 = try #require(values["T1"]), t2 = try #require(values["T2"])
                #expect((50...400).contains(t1) && t2 <= 2 * t1 && t2 > 0)
                #expect((4...6).contains(try #require(values["frequency"])))
                #expect((0...0.1).contains(try #require(values["readout_error"])))
                #expect(values["readout_length"] != nil && values["prob_meas0_prep1"] != nil && values["prob_meas1_prep0"] != nil)
            }
            let gates = try #require(properties["gates"]?.arrayValue)
            let ecr = gates.filter { $0["gate"] == .string("ecr") }
            #expect(ecr.count == 144)
            #expect(ecr.allSatisfy { gate in
                let error = gate["parameters"]?.arrayValue?.first { $0["name"] == .string("gate_error") }?["value"]?.doubleValue ?? -1
                return (0.001...0.05).contains(error)
            })
            // Seeded: the same document every time, and the same in a new emulator.
            let again = try await h.v1("GET", "/backends/fake_lisbon/properties", token: token)
            #expect(again.body == reply.body)
            #expect(BackendCatalog.standard.backend(named: "fake_lisbon")?.propertiesJSON == String(decoding: reply.body, as: UTF8.self))

            let empty = try #require(try await h.v1("GET", "/backends/fake_tallinn/status", token: token).json)
            #expect(empty["state"] == .bool(true))
            #expect(empty["status"] == .string("active"))
            #expect(empty["length_queue"] == .integer(0))
            for _ in 0..<2 {
                _ = try await h.submitted(#""program_id": "hello-world", "backend": "fake_tallinn", "params": {"queued_s": 5}"#, token: token)
            }
            _ = try await h.submitted(#""program_id": "hello-world", "backend": "fake_bergen", "params": {}"#, token: token)
            #expect(try await h.v1("GET", "/backends/fake_tallinn/status", token: token).json?["length_queue"] == .integer(2))
            let list = try #require(try await h.v1("GET", "/backends", token: token).json?["devices"]?.arrayValue)
            #expect(list.map { $0["queue_length"] } == [.integer(2), .integer(0), .integer(1)])
            h.advance(seconds: 5)
            #expect(try await h.v1("GET", "/backends/fake_tallinn/status", token: token).json?["length_queue"] == .integer(0))
        }
    }

    @Test("a catalog file: round trip, mocks hidden without include_mocks, paused devices, accept-any-gates carried")
    func catalogFile() async throws {
        let tallinn = try #require(BackendCatalog.standard.backend(named: "fake_tallinn"))
        guard case .object(var members) = tallinn.configuration else { Issue.record("not an object"); return }
        members = members.map { $0.key == "backend_name" ? JSONMember("backend_name", .string("mock_tallinn")) : $0 }
        var paused = try #require(BackendCatalog.standard.backend(named: "fake_bergen"))
        paused.isOperational = false
        paused.statusMessage = "maintenance"
        paused.acceptsAnyGates = true
        let renamed = try EmulatedBackend(
            configuration: .object(members), properties: nil, isMock: true, acceptsAnyGates: false)
        let catalog = try BackendCatalog([renamed, paused])
        let reread = try BackendCatalog(json: catalog.json)
        #expect(reread == catalog)
        #expect(reread.backend(named: "fake_bergen")?.acceptsAnyGates == true)
        #expect(reread.backend(named: "mock_tallinn")?.isMock == true)
        #expect(reread.backend(named: "mock_tallinn")?.propertiesJSON == nil)
        try await V1HTTPHarness.with({ $0.platform.backends = reread }) { h in
            let token = try await h.token()
            let visible = try #require(try await h.v1("GET", "/backends", token: token).json?["devices"]?.arrayValue)
            #expect(visible.compactMap { $0["name"]?.stringValue } == ["fake_bergen"])
            #expect(visible.first?["status"]?["name"] == .string("paused"))
            let all = try #require(try await h.v1("GET", "/backends?include_mocks=true", token: token).json?["devices"]?.arrayValue)
            #expect(all.compactMap { $0["name"]?.stringValue } == ["mock_tallinn", "fake_bergen"])
            #expect(all.first?["class"] == .string("mock"))
            #expect(try await h.v1("GET", "/backends/mock_tallinn/properties", token: token).json == .fields([]))
            let status = try #require(try await h.v1("GET", "/backends/fake_bergen/status", token: token).json)
            #expect(status["state"] == .bool(false))
            #expect(status["status"] == .string("maintenance"))
        }
    }

    @Test("catalog files with a missing required key, a bad date or a duplicate name are refused with a reason")
    func invalidCatalogs() throws {
        let good = try #require(BackendCatalog.standard.backend(named: "fake_tallinn")).configurationJSON
        func catalog(_ configuration: String) -> String { #"{"backends": [{"configuration": \#(configuration)}]}"# }
        #expect(try BackendCatalog(json: catalog(good)).names == ["fake_tallinn"])
        for (key, replacement, fragment) in [
            ("\"online_date\"", "\"online_datum\"", "no 'online_date'"),
            ("\"simulator\":false", "\"simulator\":\"no\"", "'simulator'"),
            ("\"n_qubits\":5", "\"n_qubits\":0", "'n_qubits'"),
        ] {
            let broken = good.replacingOccurrences(of: key, with: replacement)
            #expect(broken != good)
            do {
                _ = try BackendCatalog(json: catalog(broken))
                Issue.record("accepted a catalog with \(replacement)")
            } catch let error as RuntimeError {
                #expect(error.code == .invalidConfiguration)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        let date = good.replacingOccurrences(of: "2025-03-04T00:00:00+00:00", with: "yesterday")
        #expect(throws: RuntimeError.self) { try BackendCatalog(json: catalog(date)) }
        let twice = #"{"backends": [{"configuration": \#(good)}, {"configuration": \#(good)}]}"#
        #expect(throws: RuntimeError.self) { try BackendCatalog(json: twice) }
        #expect(throws: RuntimeError.self) { try BackendCatalog(json: #"{"devices": []}"#) }
        #expect(throws: RuntimeError.self) { try BackendCatalog(json: "not json") }
    }
}
