// libFuzzer target for strict base64 (run by .ci/fuzz): text that decodes must be canonical, so
// encoding the bytes must reproduce the input exactly. A mismatch traps (the crash signal).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBase64(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard let bytes = try? Base64.decode(input) else { return 0 }
    if Array(Base64.encode(bytes).utf8) != input {
        fatalError("decode then encode changed the text")
    }
    return 0
}
