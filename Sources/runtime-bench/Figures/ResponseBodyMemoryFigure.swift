import RuntimeIO
import RuntimeWire

/// `response_body_peak_ratio`: what a large response body costs in memory, as a multiple of its
/// size. The bench serves a body of 250 MB (quick: 50 MB) from an HTTP server of its own on
/// loopback and re-executes itself as `runtime-bench fetch-probe --url URL`, which fetches it
/// through the SDK's default transport (`RuntimeHTTPTransport`); the figure is the growth of the
/// child's peak resident memory (`VmHWM`) during that fetch, divided by the body size.
struct ResponseBodyMemoryFigure: BenchFigure {
    let key = "response_body_peak_ratio"
    let shortName = "body_memory"
    let target = "<= 1.2"

    func measure(_ options: BenchOptions) async throws -> JSONValue {
        let megabytes = options.quick ? 50 : 250
        // A JSON string of that size: what a large result body looks like to the transport.
        var body = [UInt8](repeating: UInt8(ascii: "x"), count: megabytes * 1_000_000)
        body[0] = UInt8(ascii: "\"")
        body[body.count - 1] = UInt8(ascii: "\"")
        let served = body
        let server = try await HTTPServer.start(host: "127.0.0.1", port: 0) { request in
            let big = request.target.hasPrefix("/big")
            return .respond(HTTPServerResponse(status: 200, body: big ? served : Array("\"small\"".utf8)))
        }
        defer { Task { await server.shutdown() } }
        var ratios = Samples()
        var growth = Samples()
        for run in 0..<options.runs(full: 3, quick: 2) {
            let child = try ChildProcess.spawnSelf(arguments: ["fetch-probe", "--url", "http://127.0.0.1:\(server.port)"])
            let line = child.readLine() ?? ""
            child.terminate()
            let fields = line.split(separator: " ").compactMap { Double($0) }
            guard fields.count == 3, fields[2] == Double(body.count) else {
                throw BenchFailure("fetch-probe printed \(line.debugDescription)")
            }
            let grown = fields[1] - fields[0]
            ratios.append(grown / fields[2])
            growth.append(grown / 1_000_000)
            BenchLog.info("body_memory: run \(run + 1): peak grew \(grown / 1_000_000) MB for a \(megabytes) MB body")
        }
        return FigureReport.median(ratios, target: target, satisfied: { $0 <= 1.2 }, details: [
            JSONMember("body_mb", .integer(Int64(megabytes))),
            JSONMember("peak_growth_mb_median", FigureReport.number(growth.median)),
            JSONMember("measured", .string("VmHWM growth of `runtime-bench fetch-probe` while RuntimeHTTPTransport fetches the body, / body size")),
        ])
    }
}
