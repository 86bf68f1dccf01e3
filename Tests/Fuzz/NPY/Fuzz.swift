// libFuzzer target: NPY.read must never crash; whatever it accepts must write back to bytes that
// read to an equal array, and a second write must be byte-identical to the first.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let array = try? NPY.read(bytes) else { return 0 }
    let written = NPY.write(array)
    guard let again = try? NPY.read(written) else { fatalError("written .npy does not read back") }
    guard again == array else { fatalError("round trip changed the array") }
    guard NPY.write(again) == written else { fatalError("writer is not deterministic") }
    guard (written.count - array.data.count) % 64 == 0 else {
        fatalError("preamble is not aligned")
    }
    return 0
}
