// libFuzzer target: the package's own inflater (Zlib.inflate, ZlibInflater) must never crash,
// must agree with the system's libz when it loads (same success or failure, same bytes), and
// the streaming reader must give the one-shot result whatever the read sizes.
//
// The first input byte picks how the rest is used:
// - even: as a zlib stream, as is;
// - odd: as raw deflate data behind a valid zlib header (the Adler-32 trailer rarely matches, but
//   every block and symbol path is reached), with the output limit taken from the second byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInflate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let mode = all[0]
    var stream = Array(all.dropFirst())
    var limit = 1 << 20
    if mode & 1 == 1 {
        limit = stream.isEmpty ? 0 : Int(stream[0]) * 97
        stream = [0x78, 0x9C] + stream.dropFirst()
    }
    let mine = Result { try Zlib.inflate(stream, maxOutput: limit) }
    if case .failure(let error) = mine, (error as? WireError)?.code != .compressionFailed {
        fatalError("unexpected error \(error)")
    }
    if Zlib.isAvailable {
        let reference = Result { try Zlib.inflateWithSystemLibrary(stream, maxOutput: limit) }
        switch (mine, reference) {
        case (.success(let a), .success(let b)):
            guard a == b else { fatalError("inflate differs from libz") }
        case (.failure, .failure):
            break
        default:
            fatalError("inflate and libz disagree on success: ours \(mine), libz \(reference)")
        }
    }
    // Streamed in reads of 1...64 bytes (sizes from the mode byte), without a limit.
    let step = Int(mode >> 2) + 1
    let streamed = Result {
        try Zlib.withInflater(stream) { inflater -> [UInt8] in
            var output: [UInt8] = []
            var turn = 0
            while !inflater.isFinished, output.count <= limit {
                let want = (step * (turn + 1)) % 64 + 1
                turn += 1
                var chunk = [UInt8](repeating: 0, count: want)
                let read = try chunk.withUnsafeMutableBytes { try inflater.read(into: $0) }
                guard read == want || inflater.isFinished else { fatalError("short read before the end") }
                output += chunk.prefix(read)
            }
            return output
        }
    }
    switch (mine, streamed) {
    case (.success(let a), .success(let b)):
        guard a == b else { fatalError("streamed inflate differs from one-shot") }
    case (.success, .failure):
        fatalError("streamed inflate failed where one-shot succeeded")
    case (.failure, .success(let b)):
        // Only legitimate when the one-shot hit the output limit.
        guard b.count > limit else { fatalError("streamed inflate succeeded where one-shot failed") }
    case (.failure, .failure):
        break
    }
    return 0
}
