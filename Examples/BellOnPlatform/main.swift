// bell-on-platform: a Bell pair from the circuit builder to counts on today's platform.
//
//   1. Build the textbook circuit with the builder (h, cx, measure).
//   2. Translate it for the least busy backend: its native gates, on a pair of coupled qubits.
//   3. Run it with a Sampler in a session (closed at the end, whatever happens).
//   4. Read the counts of register `c`, and check that they are what a Bell pair gives: only
//      00 and 11, about half each. Exit 1 otherwise.
//
// Run: swift run bell-on-platform   (starts its own emulator in v1 mode, which simulates the
// circuit; no network, no account)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime
import QiskitRuntimeEmulator
import QuantumCircuits

let apiKey = "example-key"
let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/example:bell::"
let shots = 2000

let outcome: Result<[String: Int], any Error>
do {
    outcome = .success(try await withEmulator(configuration: EmulatorConfiguration(iamAPIKey: apiKey, instanceCRN: crn)) { emulator in
        let configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: apiKey, instanceCRN: crn, iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
        return try await withRuntimeService(configuration: configuration) { service in
            // 1. The textbook circuit.
            var bell = QuantumCircuit(qubits: 2, bits: 2)
            bell.h(0)
            bell.cx(0, 1)
            bell.measure([0, 1], into: [0, 1])

            // 2. Translated for a backend: rz/sx/x and its two-qubit gate, on coupled qubits.
            let backend = try await service.leastBusy(minimumQubits: 2)
            let backendConfiguration = try await backend.configuration()
            let layout = try bell.layout(for: backendConfiguration)
            let isa = try bell.translated(for: backendConfiguration, layout: layout)
            let gates = Set(isa.instructions.map(\.operation.name)).sorted()
            print("backend:    \(backend.name) (\(backendConfiguration.qubitCount) qubits, basis \(backendConfiguration.basisGates))")
            print("translated: \(isa.instructions.count) instructions \(gates) on physical qubits \(layout)")

            // 3. A Sampler in a session.
            return try await service.withSession(backend: backend.name) { session in
                let sampler = Sampler(mode: session)
                let job = try await sampler.run([SamplerPub(circuit: isa)], shots: shots)
                print("job:        \(job.jobID) in session \(session.id)")
                let result = try await job.result(timeout: .seconds(120))
                return result[0].data["c"]?.counts() ?? [:]
            }
        }
    })   // the emulator is shut down here, also when the body throws
} catch {
    outcome = .failure(error)
}

// 4. Physically right?
switch outcome {
case .failure(let error):
    print("error: \((error as? RuntimeError)?.message ?? "\(error)")")
    exit(1)
case .success(let counts):
    print("counts:     \(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
    let total = counts.values.reduce(0, +)
    let sigma = (Double(shots) * 0.25).squareRoot()
    let balanced = abs(Double(counts["00", default: 0]) - Double(shots) / 2) <= 5 * sigma
    guard Set(counts.keys).isSubset(of: ["00", "11"]), total == shots, balanced else {
        print("error: a Bell pair gives only 00 and 11, about half each, over \(shots) shots")
        exit(1)
    }
    print("ok:         only 00 and 11, \(counts["00", default: 0]) vs \(counts["11", default: 0])")
}
