import QiskitRuntime
import RuntimeWire

/// The stages of `RuntimeValue(json:)` timed one by one on the decode payload, to show where the
/// time goes: JSON parse, tag pass (`RuntimeValue(jsonValue:)`, which includes the ndarray
/// stages), and, over every ndarray payload of the document, base64, zlib inflate and `.npy` read.
/// Each is the median of `runs` runs, in MB per CPU second of the stage's input (inflate and npy: of the `.npy` bytes).
enum DecodeStages {
    static func measure(text: String, runs: Int) throws -> JSONValue {
        let bytes = Array(text.utf8)
        let parsed = try JSONParser.parse(bytes)
        var payloads: [String] = []
        collectArrays(parsed, into: &payloads)
        let base64Bytes = payloads.reduce(0) { $0 + $1.utf8.count }
        let compressed = try payloads.map { try Base64.decode($0) }
        let inflated = try compressed.map { try Zlib.inflate($0, maxOutput: RuntimeValue.maximumArrayBytes) }
        let npyBytes = inflated.reduce(0) { $0 + $1.count }

        var parse = Samples(), tags = Samples(), base64 = Samples(), inflate = Samples(), npy = Samples()
        for _ in 0..<runs {
            parse.append(try Double(bytes.count) / 1e6 / Stopwatch.measure { try JSONParser.parse(bytes) }.timing.cpu)
            tags.append(try Double(bytes.count) / 1e6 / Stopwatch.measure { try RuntimeValue(jsonValue: parsed) }.timing.cpu)
            base64.append(try Double(base64Bytes) / 1e6 / Stopwatch.measure { try payloads.map { try Base64.decode($0) } }.timing.cpu)
            inflate.append(try Double(npyBytes) / 1e6 / Stopwatch.measure {
                try compressed.map { try Zlib.inflate($0, maxOutput: RuntimeValue.maximumArrayBytes) }
            }.timing.cpu)
            npy.append(try Double(npyBytes) / 1e6 / Stopwatch.measure { try inflated.map { try NPY.read($0) } }.timing.cpu)
        }
        return .object([
            JSONMember("parse", FigureReport.number(parse.median)),
            JSONMember("tag_pass", FigureReport.number(tags.median)),
            JSONMember("base64", FigureReport.number(base64.median)),
            JSONMember("inflate", FigureReport.number(inflate.median)),
            JSONMember("npy", FigureReport.number(npy.median)),
            JSONMember("ndarray_text_share", FigureReport.number(Double(base64Bytes) / Double(bytes.count))),
        ])
    }

    private static func collectArrays(_ value: JSONValue, into payloads: inout [String]) {
        switch value {
        case .array(let elements):
            for element in elements { collectArrays(element, into: &payloads) }
        case .object(let members):
            if value["__type__"] == .string("ndarray"), case .string(let text)? = value["__value__"] {
                payloads.append(text)
                return
            }
            for member in members { collectArrays(member.value, into: &payloads) }
        default:
            break
        }
    }
}
