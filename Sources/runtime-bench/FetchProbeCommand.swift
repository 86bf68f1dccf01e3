#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime

/// `runtime-bench fetch-probe --url URL`: the process of `response_body_peak_ratio`. It fetches
/// `URL/small` (to start the transport's machinery), notes its peak resident memory, fetches
/// `URL/big` through the SDK's default transport, and prints
/// `peak-before-bytes peak-after-bytes body-bytes` as its only stdout line.
enum FetchProbeCommand {
    /// Returns the process exit status.
    static func run(url: String) async -> Int32 {
        let transport = RuntimeHTTPTransport(maxResponseBytes: 1 << 30)
        do {
            _ = try await transport.send(RuntimeHTTPRequest(method: "GET", url: url + "/small"), deadline: .now + .seconds(60))
            guard let before = ProcessStatus.current() else { return 1 }
            let response = try await transport.send(RuntimeHTTPRequest(method: "GET", url: url + "/big"), deadline: .now + .seconds(300))
            guard let after = ProcessStatus.current() else { return 1 }
            var line = "\(before.peakResidentBytes) \(after.peakResidentBytes) \(response.body.count)\n"
            line.withUTF8 { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
            withExtendedLifetime(response) {}
        } catch {
            BenchLog.info("fetch-probe: \(error)")
            return 1
        }
        await transport.shutdown()
        return 0
    }
}
