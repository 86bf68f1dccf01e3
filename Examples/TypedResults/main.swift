// typed-results: decode a job's result into your own `Decodable` types, numpy arrays and complex
// numbers included.
//
// The emulator's `sampler` program returns
//   {"counts": {"00": a, "11": b}, "quasi_dists": {...}, "probabilities": ndarray float64 (4,),
//    "memory": ndarray int64 (shots,), "values": ndarray float64 (array_length,), "metadata": {...}}
// with the ndarrays in the Qiskit RuntimeEncoder form (base64 of a zlib-compressed .npy file).
//
// Run: swift run typed-results   (starts its own emulator; no network, no account)
import QiskitRuntime
import QiskitRuntimeEmulator

/// The sampler's result as this program wants it. `NDArray` fields take the ndarrays as they come.
struct SamplerOutput: Decodable {
    var counts: [String: Int]
    var quasiDists: [String: Double]
    var probabilities: NDArray
    var memory: NDArray
    var values: NDArray
    var metadata: Metadata

    struct Metadata: Decodable {
        var shots: Int
        var backend: String
    }

    enum CodingKeys: String, CodingKey {
        case counts, probabilities, memory, values, metadata
        case quasiDists = "quasi_dists"
    }
}

/// The sampler's result has no complex number, so this example sends one as an input and reads
/// it back from the service (`GET /jobs/{id}` returns the job's params): a `Complex` field
/// decodes the Qiskit form `{"__type__": "complex", "__value__": [re, im]}`.
struct JobParameters: Decodable {
    var shots: Int
    var phase: Complex
}

try await withEmulator(configuration: EmulatorConfiguration(accessTokens: ["example-token"])) { emulator in
    let configuration = RuntimeConfiguration(
        account: .accessToken("example-token", runtimeURL: emulator.runtimeURL))

    try await withRuntimeService(configuration: configuration) { service in
        let job = try await service.run(
            program: "sampler", backend: "ibmq_qasm_simulator",
            inputs: [
                "shots": 100, "array_length": 4, "phase": .complex(Complex(0.6, 0.8)),
                "queued_s": 0, "interval_s": 0.05, "interim_count": 0,
            ])

        // Waits for the job, fetches the result text once, decodes it in this task.
        let output = try await job.result(as: SamplerOutput.self, timeout: .seconds(30))
        let probabilities = output.probabilities.doubles ?? []
        let memory = output.memory.int64s ?? []
        print("counts:        \(output.counts.sorted { $0.key < $1.key })")
        print("probabilities: dtype \(output.probabilities.dtype), shape \(output.probabilities.shape), \(probabilities)")
        print("memory:        \(memory.count) shots, first \(memory.prefix(8))")
        print("values:        \(output.values.doubles ?? [])")

        // The same job, re-read from the service: its params, with the complex input.
        let parameters = try await service.job(job.jobID).inputs().decode(as: JobParameters.self)
        print("phase input:   \(parameters.phase) (|phase| = \((parameters.phase.real * parameters.phase.real + parameters.phase.imaginary * parameters.phase.imaginary).squareRoot()))")

        // Consistency checks, so that the example fails loudly if something is off.
        let total = output.counts.values.reduce(0, +)
        guard total == 100, output.metadata.shots == 100, memory.count == 100, probabilities.count == 4,
              parameters.phase == Complex(0.6, 0.8)
        else { throw RuntimeError(.invalidResponse, "the sampler result is not what the example expects") }
    }
}   // the emulator is shut down here, also when the body throws
