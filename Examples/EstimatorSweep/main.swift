// estimator-sweep: ⟨Z⟩ of ry(θ)|0⟩ over a sweep of θ with one Estimator job, against cos θ.
//
//   1. Build ry(θ) with θ a named parameter, and translate it with θ left symbolic.
//   2. Move the observable Z onto the qubit the translation chose (the service reads labels over
//      the backend's physical qubits).
//   3. One Estimator pub: the circuit, Z, and 13 values of θ from 0 to 2π; run it in a batch.
//   4. Print θ, ⟨Z⟩, its standard error and cos θ, and check that every value is within five
//      standard errors of cos θ. Exit 1 otherwise.
//
// Run: swift run estimator-sweep   (starts its own emulator in v1 mode; no network, no account)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime
import QiskitRuntimeEmulator
import QuantumCircuits

let apiKey = "example-key"
let crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/example:sweep::"
let thetas = (0...12).map { Double($0) * Double.pi / 6 }
let precision = 0.01

let outcome: Result<EstimatorPubResult, any Error>
do {
    outcome = .success(try await withEmulator(configuration: EmulatorConfiguration(iamAPIKey: apiKey, instanceCRN: crn)) { emulator in
        let configuration = RuntimeConfiguration(
            account: .ibmCloud(apiKey: apiKey, instanceCRN: crn, iamURL: emulator.baseURL, serviceURL: emulator.baseURL + "/api/v1"))
        return try await withRuntimeService(configuration: configuration) { service in
            // 1. ry(θ), translated for the backend with θ symbolic.
            var circuit = QuantumCircuit(qubits: 1)
            circuit.ry(.parameter("theta"), 0)
            let backend = service.backend("fake_lisbon")
            let backendConfiguration = try await backend.configuration()
            let layout = try circuit.layout(for: backendConfiguration)
            let isa = try circuit.translated(for: backendConfiguration, layout: layout)

            // 2. Z on the virtual qubit → a label over the backend's 127 physical qubits.
            let z: PauliSum = "Z"
            let observable = try z.applyingLayout(layout, qubitCount: backendConfiguration.qubitCount)

            // 3. One pub: shape (13,), one expectation value per θ, in a batch.
            return try await service.withBatch(backend: backend.name) { batch in
                let estimator = Estimator(mode: batch)
                let job = try await estimator.run(
                    [EstimatorPub(circuit: isa, observables: ObservableArray(observable),
                                  parameterValues: ParameterValues(sweep: thetas.map { [$0] }))],
                    precision: precision)
                print("job \(job.jobID) in batch \(batch.id) on \(backend.name), qubit \(layout[0])")
                return try await job.result(timeout: .seconds(120))[0]
            }
        }
    })   // the emulator is shut down here, also when the body throws
} catch {
    outcome = .failure(error)
}

// 4. ⟨Z⟩ against cos θ.
switch outcome {
case .failure(let error):
    print("error: \((error as? RuntimeError)?.message ?? "\(error)")")
    exit(1)
case .success(let pub):
    func column(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        let text = String(rounded == 0 ? 0 : rounded)   // no "-0.0"
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
    print("   θ/π     ⟨Z⟩     std   cos θ")
    var worst = 0.0
    for (index, theta) in thetas.enumerated() {
        let ev = pub.evs[index]
        let std = pub.stds[index]
        print("\(column(theta / Double.pi))\(column(ev))\(column(std))\(column(cos(theta)))")
        // At θ = 0, π, 2π the value is ±1 with no shot noise: allow for rounding there.
        worst = max(worst, abs(ev - cos(theta)) / max(std, 1e-6))
    }
    guard pub.shape == [thetas.count], worst <= 5 else {
        print("error: ⟨Z⟩ is not cos θ within five standard errors (worst \(worst))")
        exit(1)
    }
    print("ok: ⟨Z⟩ = cos θ within \(String(Double((worst * 100).rounded()) / 100)) standard errors at worst")
}
