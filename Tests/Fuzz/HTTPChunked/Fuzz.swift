// libFuzzer target: the chunked decoder must never crash, must never consume more than it was
// given, and must decode the same body whether the input arrives at once or in pieces.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPChunked(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPLimits(maxHeadBytes: 512, maxHeaderCount: 8, maxBodyBytes: 4096, maxChunkLineBytes: 64)

    var whole = HTTPChunkedDecoder(limits: limits)
    var wholeBody: [UInt8] = []
    let wholeResult = Result { try whole.decode(bytes[...], into: &wholeBody) }

    var pieces = HTTPChunkedDecoder(limits: limits)
    var piecesBody: [UInt8] = []
    var pending: [UInt8] = []
    var failed = false
    let step = max(1, Int(bytes.first ?? 1) % 7 + 1)
    var fed = 0
    while fed < bytes.count, !pieces.isComplete {
        let next = fed + min(step, bytes.count - fed)
        pending += bytes[fed..<next]
        fed = next
        do {
            let used = try pieces.decode(pending[...], into: &piecesBody)
            guard used <= pending.count else { fatalError("consumed more than given") }
            pending.removeFirst(used)
        } catch {
            failed = true
            break
        }
    }
    if case .success(let used) = wholeResult {
        guard used <= bytes.count else { fatalError("consumed more than given") }
        if whole.isComplete {
            guard !failed, pieces.isComplete, piecesBody == wholeBody else { fatalError("split decoding differs") }
            var decoder = HTTPChunkedDecoder(limits: limits)
            var again: [UInt8] = []
            let encoded = HTTPChunkedEncoder.encode(wholeBody, chunkSize: 100)
            guard (try? decoder.decode(encoded[...], into: &again)) == encoded.count, again == wholeBody else {
                fatalError("encoder output does not decode back")
            }
        }
    }
    return 0
}
