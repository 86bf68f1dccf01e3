import QiskitRuntime
import RuntimeWire

/// `status_poll_bytes`: the bytes received per status read (`job.status()`) of a job whose params
/// are 10 MB, on today's platform API (the emulator's `/api/v1`).
///
/// The job (hello-world with a 10 MB string input, queued for an hour so that every read asks the
/// service) is read `runs` times; the figure is the mean bytes per read (response head rebuilt
/// from the parsed head, plus the body). The same is measured for a job with 10 KB of params, to
/// show the size does not depend on them, and one read with the params (`inputs()`, the only read
/// without `exclude_params=true`) shows what every status read cost before.
struct StatusPollBytesFigure: BenchFigure {
    let key = "status_poll_bytes"
    let shortName = "status_poll"
    let target = "< 2048, independent of the params' size"

    /// The params sizes measured, in bytes of the input string.
    static let smallParams = 10_000
    static let largeParams = 10_000_000

    private struct Reading {
        var perRead: Double
        var withParams: Int
    }

    private func read(_ client: BenchClient, paramsBytes: Int, reads: Int) async throws -> Reading {
        let payload = String(repeating: "x", count: paramsBytes)
        let job = try await client.service.run(program: "hello-world", inputs: [
            "queued_s": 3_600, "payload": .string(payload),
        ])
        let before = client.transport.bytesReceived
        for _ in 0..<reads {
            let status = try await job.status()
            guard status == .queued else { throw BenchFailure("the job is \(status), not QUEUED") }
        }
        let perRead = Double(client.transport.bytesReceived - before) / Double(reads)
        let fresh = try await client.service.job(job.jobID)
        let beforeParams = client.transport.bytesReceived
        let inputs = try await fresh.inputs()
        guard inputs["payload"]?.stringValue?.utf8.count == paramsBytes else {
            throw BenchFailure("inputs() did not return the params")
        }
        let withParams = client.transport.bytesReceived - beforeParams
        _ = try? await job.cancel()
        return Reading(perRead: perRead, withParams: withParams)
    }

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let emulator = try EmulatorTarget.make(options)
        defer { withExtendedLifetime(emulator) {} }
        let client = try await BenchClient.connectPlatform(baseURL: emulator.baseURL)
        let reads = options.runs(full: 50, quick: 10)
        let small = try await read(client, paramsBytes: Self.smallParams, reads: reads)
        let large = try await read(client, paramsBytes: Self.largeParams, reads: reads)
        await client.shutdown()
        let independent = abs(large.perRead - small.perRead) < 64
        BenchLog.info("status_poll: \(large.perRead) bytes per read with 10 MB of params, \(small.perRead) with 10 KB; "
            + "a read with the params: \(large.withParams) bytes")
        return .object([
            JSONMember("value", FigureReport.number(large.perRead)),
            JSONMember("target", .string(target)),
            JSONMember("met", .bool(large.perRead < 2048 && independent)),
            JSONMember("reads", .integer(Int64(reads))),
            JSONMember("params_bytes", .integer(Int64(Self.largeParams))),
            JSONMember("with_10_kb_params", FigureReport.number(small.perRead)),
            JSONMember("read_with_params_bytes", .integer(Int64(large.withParams))),
            JSONMember("read_with_params_bytes_10_kb", .integer(Int64(small.withParams))),
            JSONMember("counted", .string(
                "client side: response heads rebuilt from the parsed head, plus bodies; GET /api/v1/jobs/{id}?exclude_params=true")),
        ])
    }
}
