import RuntimeWire

/// Writes a primitive job's result in one of the two shapes of PLATFORM.md §5.
///
/// - **Tagged** (`support_qiskit: true`, what qiskit-ibm-runtime's `RuntimeDecoder` reads):
///   `PrimitiveResult` of `SamplerPubResult`s (a `DataBin` of one `BitArray` per classical
///   register: uint8 ndarray of shape `pub_shape + (shots, ceil(bits/8))`) or `PubResult`s (a
///   `DataBin` of float64 ndarrays `evs`, `stds`, `ensemble_standard_error` of the pub's shape),
///   with `ExecutionSpans` of one `DoubleSliceSpan` per pub in the metadata.
/// - **Plain** (IBM's REST guides): `{"results": [{"data": …, "metadata": …}], "metadata": …}`
///   with each register's `samples` as hex strings (bit 0 least significant) and `num_bits`, and
///   `evs`/`stds`/`ensemble_standard_error` as numbers, nested in lists to the pub's shape; the
///   execution spans as a plain list of slice spans (`[shape + (shots,), start, stop]` over the
///   flattened data).
enum PrimitiveResultWriter {
    /// The result text.
    static func text(_ outputs: PrimitiveOutputs, tagged: Bool) throws -> String {
        JSONWriter.write(try tagged ? taggedValue(outputs) : plainValue(outputs), style: .python)
    }

    // MARK: Tagged

    static func taggedValue(_ outputs: PrimitiveOutputs) throws -> JSONValue {
        var pubResults: [JSONValue] = []
        var spans: [JSONValue] = []
        switch outputs {
        case .sampler(let pubs):
            for (index, pub) in pubs.enumerated() {
                var fields: [(String, JSONValue)] = []
                for register in pub.registers {
                    let array = try NPYWriter.ndarrayValue(npy: try NPYWriter.uint8(
                        register.bytes, shape: pub.shape + [pub.shots, register.width]))
                    fields.append((register.name, tagged("BitArray", .fields([
                        ("array", array), ("num_bits", .integer(Int64(register.bitCount))),
                    ]))))
                }
                let data = dataBin(fields: fields, types: pub.registers.map { _ in "BitArray" }, shape: pub.shape)
                pubResults.append(tagged("SamplerPubResult", .fields([
                    ("data", data),
                    ("metadata", .fields([("circuit_metadata", .fields([])), ("shots", .integer(Int64(pub.shots)))])),
                ])))
                spans.append(tagged("DoubleSliceSpan", spanFields(pub.window, index: index, shape: pub.shape, shots: pub.shots, tagged: true)))
            }
        case .estimator(let pubs):
            for (index, pub) in pubs.enumerated() {
                let fields: [(String, JSONValue)] = [
                    ("evs", try NPYWriter.ndarrayValue(npy: try NPYWriter.float64(pub.evs, shape: pub.shape))),
                    ("stds", try NPYWriter.ndarrayValue(npy: try NPYWriter.float64(pub.stds, shape: pub.shape))),
                    ("ensemble_standard_error", try NPYWriter.ndarrayValue(npy: try NPYWriter.float64(pub.stds, shape: pub.shape))),
                ]
                let data = dataBin(fields: fields, types: ["ndarray", "ndarray", "ndarray"], shape: pub.shape)
                pubResults.append(tagged("PubResult", .fields([("data", data), ("metadata", estimatorMetadata(pub))])))
                spans.append(tagged("DoubleSliceSpan", spanFields(pub.window, index: index, shape: pub.shape, shots: pub.shots, tagged: true)))
            }
        }
        let executionSpans = tagged("ExecutionSpans", .fields([("spans", .array(spans))]))
        return tagged("PrimitiveResult", .fields([
            ("pub_results", .array(pubResults)),
            ("metadata", .fields([("execution", .fields([("execution_spans", executionSpans)])), ("version", .integer(2))])),
        ]))
    }

    private static func tagged(_ type: String, _ value: JSONValue) -> JSONValue {
        .fields([("__type__", .string(type)), ("__value__", value)])
    }

    private static func dataBin(fields: [(String, JSONValue)], types: [String], shape: [Int]) -> JSONValue {
        tagged("DataBin", .fields([
            ("field_names", .strings(fields.map(\.0))),
            ("field_types", .strings(types)),
            ("shape", .array(shape.map { .integer(Int64($0)) })),
            ("fields", .fields(fields)),
        ]))
    }

    private static func estimatorMetadata(_ pub: EstimatorPubOutput) -> JSONValue {
        .fields([
            ("target_precision", .double(pub.precision)),
            ("shots", .integer(Int64(pub.shots))),
            ("circuit_metadata", .fields([])),
        ])
    }

    /// A span's fields: start, stop, and the pub's slice over all its parameter sets and shots.
    /// Tagged (a `DoubleSliceSpan`): `[shape + (shots,), 0, size, 0, shots]` and `datetime` tags.
    /// Plain (an untagged span is read as a `SliceSpan` of flattened data): `[shape + (shots,), 0,
    /// size × shots]` and ISO timestamps.
    private static func spanFields(_ window: ExecutionWindow, index: Int, shape: [Int], shots: Int, tagged isTagged: Bool) -> JSONValue {
        func instant(_ micros: Int64) -> JSONValue {
            let text = JSONValue.string(ISOTimestamp.format(microseconds: micros))
            return isTagged ? tagged("datetime", text) : text
        }
        let size = ArrayShape.count(shape) ?? 0
        let dimensions = JSONValue.array((shape + [shots]).map { .integer(Int64($0)) })
        let slice: JSONValue = isTagged
            ? .array([dimensions, .integer(0), .integer(Int64(size)), .integer(0), .integer(Int64(shots))])
            : .array([dimensions, .integer(0), .integer(Int64(size * shots))])
        return .fields([
            ("start", instant(window.start)),
            ("stop", instant(window.stop)),
            ("data_slices", .fields([(String(index), slice)])),
        ])
    }

    // MARK: Plain

    static func plainValue(_ outputs: PrimitiveOutputs) throws -> JSONValue {
        var results: [JSONValue] = []
        var spans: [JSONValue] = []
        switch outputs {
        case .sampler(let pubs):
            for (index, pub) in pubs.enumerated() {
                var data: [(String, JSONValue)] = []
                for register in pub.registers {
                    let width = register.width
                    let rows = (ArrayShape.count(pub.shape) ?? 0)
                    var perElement: [JSONValue] = []
                    perElement.reserveCapacity(rows)
                    for element in 0..<rows {
                        var samples: [JSONValue] = []
                        samples.reserveCapacity(pub.shots)
                        for shot in 0..<pub.shots {
                            let offset = (element * pub.shots + shot) * width
                            samples.append(.string(hex(register.bytes, from: offset, count: width)))
                        }
                        perElement.append(.array(samples))
                    }
                    data.append((register.name, .fields([
                        ("samples", nested(perElement, shape: pub.shape)),
                        ("num_bits", .integer(Int64(register.bitCount))),
                    ])))
                }
                results.append(.fields([
                    ("data", .fields(data)),
                    ("metadata", .fields([("circuit_metadata", .fields([])), ("shots", .integer(Int64(pub.shots)))])),
                ]))
                spans.append(spanFields(pub.window, index: index, shape: pub.shape, shots: pub.shots, tagged: false))
            }
        case .estimator(let pubs):
            for (index, pub) in pubs.enumerated() {
                results.append(.fields([
                    ("data", .fields([
                        ("evs", nested(pub.evs.map { .double($0) }, shape: pub.shape)),
                        ("stds", nested(pub.stds.map { .double($0) }, shape: pub.shape)),
                        ("ensemble_standard_error", nested(pub.stds.map { .double($0) }, shape: pub.shape)),
                    ])),
                    ("metadata", estimatorMetadata(pub)),
                ]))
                spans.append(spanFields(pub.window, index: index, shape: pub.shape, shots: pub.shots, tagged: false))
            }
        }
        return .fields([
            ("results", .array(results)),
            ("metadata", .fields([("execution", .fields([("execution_spans", .array(spans))])), ("version", .integer(2))])),
        ])
    }

    /// Elements (C order) nested in lists to `shape`; a scalar for shape `()`.
    static func nested(_ elements: [JSONValue], shape: [Int]) -> JSONValue {
        guard let first = shape.first else { return elements.first ?? .null }
        let rest = Array(shape.dropFirst())
        let stride = ArrayShape.count(rest) ?? 0
        return .array((0..<first).map { k in nested(Array(elements[(k * stride)..<((k + 1) * stride)]), shape: rest) })
    }

    /// `0x…` of `count` big-endian bytes from `offset`, without leading zeros (`0x0` for zero).
    static func hex(_ bytes: [UInt8], from offset: Int, count: Int) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        var started = false
        for byte in bytes[offset..<(offset + count)] {
            for nibble in [byte >> 4, byte & 0x0F] {
                if !started && nibble == 0 { continue }
                started = true
                out.append(digits[Int(nibble)])
            }
        }
        if !started { out.append(UInt8(ascii: "0")) }
        return String(decoding: out, as: UTF8.self)
    }
}
