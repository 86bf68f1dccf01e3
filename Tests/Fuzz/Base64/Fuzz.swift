// libFuzzer target for strict base64 (run by .ci/fuzz): the decoder must agree with the
// reference decoder (ReferenceBase64, the decoder before its fast loop): same bytes or same error
// and offset. Text that decodes must be canonical, so encoding the bytes must reproduce the input
// exactly. A mismatch traps (the crash signal).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let fast = Result { try Base64.decode(input) }
    let reference = Result { try ReferenceBase64.decode(input) }
    switch (fast, reference) {
    case let (.success(a), .success(b)):
        if a != b { fatalError("decoder and reference decoder disagree on the bytes") }
    case let (.failure(a as WireError), .failure(b as WireError)):
        if a.code != b.code || a.offset != b.offset || a.message != b.message {
            fatalError("decoder and reference decoder disagree on the error: \(a) vs \(b)")
        }
    default:
        fatalError("decoder and reference decoder disagree")
    }
    guard let bytes = try? Base64.decode(input) else { return 0 }
    if Array(Base64.encode(bytes).utf8) != input {
        fatalError("decode then encode changed the text")
    }
    return 0
}
