// libFuzzer target for the JSON parser and writer (run by .ci/fuzz).
// Any input may fail to parse, but the parser must agree exactly with the reference reader
// (ReferenceJSONReader, the parser before its fast paths): same value or same error and offset.
// One that parses must survive writing in both styles and parsing back to an equal value.
// A mismatch traps: that is the fuzzer's crash signal.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    if let difference = JSONDifferential.difference(Array(buffer)) {
        fatalError("parser and reference reader disagree: \(difference)")
    }
    guard let value = try? JSONParser.parse(buffer) else { return 0 }
    for style in [JSONWriter.Style.python, .compact] {
        let text = JSONWriter.writeBytes(value, style: style)
        guard let again = try? JSONParser.parse(text) else {
            fatalError("written JSON does not parse: \(String(decoding: text, as: UTF8.self))")
        }
        if again != value {
            fatalError("round trip changed the value: \(String(decoding: text, as: UTF8.self))")
        }
        if JSONWriter.writeBytes(again, style: style) != text {
            fatalError("writing is not stable: \(String(decoding: text, as: UTF8.self))")
        }
    }
    return 0
}
