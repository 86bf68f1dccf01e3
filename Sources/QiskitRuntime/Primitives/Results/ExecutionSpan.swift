#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When a part of a job's data was taken on the device: qiskit-ibm-runtime's `ExecutionSpan`
/// (`SliceSpan`, `DoubleSliceSpan`, `TwirledSliceSpan`, `TwirledSliceSpanV2`), from a result's
/// `metadata.execution.execution_spans`.
///
/// ```swift
/// for span in result.executionSpans {
///     print(span.start, span.stop, span.pubIndices)
/// }
/// ```
public struct ExecutionSpan: Sendable, Hashable {
    /// Which part of one pub's data a span covers.
    public enum PubSlice: Sendable, Hashable {
        /// `SliceSpan`: the C-order positions `range` of the pub's data of `shape` (shots included),
        /// flattened.
        case flat(shape: [Int], range: Range<Int>)
        /// `DoubleSliceSpan`: of the data of `shape` (pub shape, then shots), the flattened pub
        /// positions `positions` and, for each, the shots `shots`.
        case double(shape: [Int], positions: Range<Int>, shots: Range<Int>)
        /// `TwirledSliceSpan`(`V2`): data of `shape` with an axis over randomizations (first when
        /// `randomizationsFirst`, otherwise just before the shots), the flattened positions
        /// `positions` and the shots per randomization `shots`; `pubShots` (V2) is the number of
        /// shots the pub asked for.
        case twirled(shape: [Int], randomizationsFirst: Bool, positions: Range<Int>, shots: Range<Int>, pubShots: Int?)

        /// The number of data elements (shots, for a sampler) the slice covers.
        public var size: Int {
            switch self {
            case .flat(_, let range): return range.count
            case .double(_, let positions, let shots), .twirled(_, _, let positions, let shots, _):
                return positions.count * shots.count
            }
        }
    }

    /// When the span started, UTC.
    public let start: Date
    /// When the span stopped, UTC.
    public let stop: Date
    /// The span's kind as tagged on the wire (`DoubleSliceSpan`, `ExecutionSpan` for a `SliceSpan`…).
    public let kind: String
    /// For each pub index with data in this span, which part of its data.
    public let pubSlices: [Int: PubSlice]

    /// Creates a span.
    public init(start: Date, stop: Date, kind: String, pubSlices: [Int: PubSlice]) {
        self.start = start
        self.stop = stop
        self.kind = kind
        self.pubSlices = pubSlices
    }

    /// The duration in seconds (qiskit's `duration`).
    public var duration: Double { stop.timeIntervalSince(start) }

    /// The pubs with data in this span, in increasing order (qiskit's `pub_idxs`).
    public var pubIndices: [Int] { pubSlices.keys.sorted() }

    /// The number of data elements over all pubs (qiskit's `size`).
    public var size: Int { pubSlices.values.reduce(0) { $0 + $1.size } }

    /// The spans of a result's metadata: `metadata.execution.execution_spans` as a tagged
    /// `ExecutionSpans` value, or as a plain list of spans (whose slices say their kind: three
    /// parts for a `SliceSpan`, five for a `DoubleSliceSpan`); `[]` when absent.
    static func spans(in metadata: RuntimeObject, _ reader: PrimitiveValueReader) throws -> [ExecutionSpan] {
        guard let execution = metadata["execution"]?.objectValue, let spans = execution["execution_spans"] else { return [] }
        let reader = reader.appending("execution").appending("execution_spans")
        var (_, payload) = PrimitiveValueReader.untag(spans)
        if let object = payload.objectValue, let list = object["spans"] { payload = list }
        return try reader.array(payload).enumerated().map { index, element in
            try ExecutionSpan(element, reader.appending("[\(index)]"))
        }
    }

    init(_ value: RuntimeValue, _ reader: PrimitiveValueReader) throws {
        let (tag, payload) = PrimitiveValueReader.untag(value)
        let object = try reader.object(payload)
        start = try reader.appending("start").date(object["start"]).date(assumingUTCOffset: 0)
        stop = try reader.appending("stop").date(object["stop"]).date(assumingUTCOffset: 0)
        let dataSlices = try reader.appending("data_slices").object(object["data_slices"] ?? .object([:]))
        kind = tag ?? Self.untaggedKind(dataSlices)
        var slices: [Int: PubSlice] = [:]
        let slicesReader = reader.appending("data_slices")
        for (key, entry) in dataSlices {
            let entryReader = slicesReader.appending(key)
            guard let pub = Int(key), pub >= 0 else { throw entryReader.error("pub index \(key) is not a non-negative integer") }
            let parts = try entryReader.array(entry)
            guard let first = parts.first else { throw entryReader.error("empty slice") }
            let shape = try entryReader.shape(first)
            let rest = Array(parts.dropFirst())
            let positions = (ShapeMath.count(Array(shape.dropLast())) ?? 0)
            let shots = shape.last ?? 0
            func range(_ a: RuntimeValue, _ b: RuntimeValue, length: Int) throws -> Range<Int> {
                ShapeMath.resolve(start: try entryReader.optionalInteger(a), stop: try entryReader.optionalInteger(b), length: length)
            }
            switch kind {
            case "DoubleSliceSpan":
                guard rest.count == 4 else { throw entryReader.error("a DoubleSliceSpan slice has 5 parts, found \(parts.count)") }
                slices[pub] = .double(shape: shape, positions: try range(rest[0], rest[1], length: positions),
                                      shots: try range(rest[2], rest[3], length: shots))
            case "TwirledSliceSpan", "TwirledSliceSpanV2":
                let expected = kind == "TwirledSliceSpan" ? 5 : 6
                guard rest.count == expected, case .bool(let first) = rest[0] else {
                    throw entryReader.error("a \(kind) slice has \(expected + 1) parts starting with a shape and a Boolean")
                }
                slices[pub] = .twirled(shape: shape, randomizationsFirst: first,
                                       positions: try range(rest[1], rest[2], length: positions),
                                       shots: try range(rest[3], rest[4], length: shots),
                                       pubShots: expected == 6 ? try entryReader.integer(rest[5]) : nil)
            default:
                // SliceSpan ("ExecutionSpan" on the wire) and untagged spans: [shape, start, stop].
                guard rest.count == 2 else { throw entryReader.error("a slice span has 3 parts, found \(parts.count)") }
                slices[pub] = .flat(shape: shape, range: try range(rest[0], rest[1], length: ShapeMath.count(shape) ?? 0))
            }
        }
        pubSlices = slices
    }

    /// The kind of an untagged span (the plain result form), from its slices: five parts
    /// (`[shape, start, stop, shot start, shot stop]`) are a `DoubleSliceSpan`, anything else is
    /// read as a `SliceSpan` (`[shape, start, stop]`).
    private static func untaggedKind(_ slices: RuntimeObject) -> String {
        for (_, slice) in slices {
            return slice.arrayValue?.count == 5 ? "DoubleSliceSpan" : "ExecutionSpan"
        }
        return "ExecutionSpan"
    }
}
