// libFuzzer target: request and response head parsing must never crash, must report a
// consumed count inside the input, and a parsed head must re-parse to itself after serialising.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPHead(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPLimits(maxHeadBytes: 2048, maxHeaderCount: 32)
    if let parsed = try? HTTPHeadParser.parseRequestHead(bytes[...], limits: limits) {
        guard parsed.consumed > 0, parsed.consumed <= bytes.count else { fatalError("bad consumed count") }
        _ = try? HTTPBodyFraming.request(parsed.head, limits: limits)
        let again = HTTPHeadParser.self
        if let reparsed = try? again.parseRequestHead(parsed.head.serialize()[...], limits: HTTPLimits(maxHeadBytes: 1 << 20)) {
            guard reparsed.head.method == parsed.head.method, reparsed.head.target == parsed.head.target else {
                fatalError("request head does not round-trip")
            }
        }
    }
    if let parsed = try? HTTPHeadParser.parseResponseHead(bytes[...], limits: limits) {
        guard parsed.consumed > 0, parsed.consumed <= bytes.count else { fatalError("bad consumed count") }
        _ = try? HTTPBodyFraming.response(parsed.head, requestMethod: "GET", limits: limits)
        guard (try? HTTPHeadParser.parseResponseHead(parsed.head.serialize()[...], limits: HTTPLimits(maxHeadBytes: 1 << 20)))?.head.status
            == parsed.head.status
        else { fatalError("response head does not round-trip") }
    }
    return 0
}
