// many-jobs: submit many jobs at once from one process and wait for all of them, then print what
// it cost: wall time, resident memory and OS threads (one I/O thread serves every connection).
//
// Run: swift run -c release many-jobs --jobs 1000   (starts its own emulator; no network)
//      options: --jobs N (default 1000), --iterations K interim results per job (default 3)
import QiskitRuntime
import QiskitRuntimeEmulator
#if canImport(Glibc)
import Glibc
#endif

/// The value of `--name N` on the command line, or `fallback`.
func option(_ name: String, default fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
          let value = Int(arguments[index + 1]), value > 0
    else { return fallback }
    return value
}

/// A field of /proc/self/status such as `VmRSS` or `Threads` (Linux only; "n/a" elsewhere).
func procStatus(_ field: String) -> String {
    #if os(Linux)
    guard let file = fopen("/proc/self/status", "r") else { return "n/a" }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(field + ":") {
            return text.dropFirst(field.count + 1).trimmingWhitespace()
        }
    }
    #endif
    return "n/a"
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}

let jobCount = option("--jobs", default: 1000)
let iterations = option("--iterations", default: 3)

let start = ContinuousClock.now
let delivered = try await withEmulator(configuration: EmulatorConfiguration(accessTokens: ["example-token"])) { emulator in
    var configuration = RuntimeConfiguration(
        account: .accessToken("example-token", runtimeURL: emulator.runtimeURL))
    configuration.maximumConnectionsPerHost = 32
    configuration.pollInterval = .milliseconds(100)
    return try await withRuntimeService(configuration: configuration) { service in
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<jobCount {
                group.addTask {
                    let job = try await service.run(
                        program: "hello-world", backend: "ibmq_qasm_simulator",
                        inputs: ["iterations": .integer(Int64(iterations)), "queued_s": 0.1, "interval_s": 0.1])
                    // Consume the job's interim results as they are published: each element is pulled
                    // on demand from the job's websocket, so a slow consumer never loses anything.
                    var count = 0
                    for try await _ in job.interimResults() { count += 1 }
                    let result = try await job.result(timeout: .seconds(120))
                    guard result.stringValue == "All done!" else {
                        throw RuntimeError(.invalidResponse, "job \(job.jobID) returned \(result)")
                    }
                    return count
                }
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
    }
}   // the emulator is shut down here, also when the body throws
let wall = ContinuousClock.now - start

let expected = jobCount * iterations
print("jobs:            \(jobCount)")
print("interim results: \(delivered) of \(expected) (streamed over one websocket per job)")
print("wall time:       \(wall)")
print("RSS:             \(procStatus("VmRSS"))  (client and emulator in one process)")
print("threads:         \(procStatus("Threads"))")
if delivered != expected { exit(1) }
