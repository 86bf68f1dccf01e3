#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime

/// `runtime-bench one-job --url URL`: the process of `rss_one_job_mb`. It runs one hello-world
/// job end to end against the emulator at URL (submit, `result()`, decode) and prints
/// `VmHWM-bytes VmRSS-bytes threads` as its only stdout line.
enum OneJobCommand {
    /// Returns the process exit status.
    static func run(url: String) async -> Int32 {
        do {
            let client = try await BenchClient.connect(baseURL: url, pollInterval: .milliseconds(50))
            let job = try await client.service.run(program: "hello-world", inputs: [
                "iterations": 3, "queued_s": 0.05, "interval_s": 0.05,
            ])
            let value = try await job.result(timeout: .seconds(30))
            guard value.stringValue == "All done!" else { throw BenchFailure("hello-world returned \(value)") }
            await client.shutdown()
        } catch {
            BenchLog.info("one-job: \(error)")
            return 1
        }
        guard let status = ProcessStatus.current() else { return 1 }
        var line = "\(status.peakResidentBytes) \(status.residentBytes) \(status.threads)\n"
        line.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
        return 0
    }
}
