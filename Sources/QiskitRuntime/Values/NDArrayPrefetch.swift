import Dispatch
import RuntimeWire

/// The `ndarray` payloads of a large result, decoded (base64, inflate, `.npy`) on all cores
/// before the tag pass, which then takes them in order instead of decoding them one by one.
///
/// The arrays of a result are independent, and their decoding is most of the work of
/// `RuntimeValue(json:)` for a large result. The pre-pass collects the texts of objects tagged
/// `ndarray` in the order the tag pass meets them (depth first, members in order, an object
/// after its members); the tag pass compares each text it decodes with the next collected one
/// and decodes it itself on any mismatch, so the outcome, errors included, is the same as
/// without prefetching. Small results (or a single array) are not prefetched.
struct NDArrayPrefetch {
    /// Below this much payload text in total, the arrays are decoded in the tag pass.
    static let minimumTotalBytes = 1 << 20

    private var texts: [String]
    private var results: [Result<NDArray, RuntimeError>]
    private var next = 0

    /// The decoded arrays of `document`, or nil when it is not worth it.
    init?(_ document: JSONValue, decode: @Sendable (String) throws(RuntimeError) -> NDArray) {
        var texts: [String] = []
        var total = 0
        Self.collect(document, into: &texts, total: &total)
        guard texts.count >= 2, total >= Self.minimumTotalBytes else { return nil }
        let slots = ResultSlots(count: texts.count)
        let shared = texts
        DispatchQueue.concurrentPerform(iterations: shared.count) { index in
            slots.store(index, Result { () throws(RuntimeError) -> NDArray in try decode(shared[index]) })
        }
        self.texts = texts
        self.results = slots.take()
    }

    /// The decoded array for `text` if it is the next collected one.
    mutating func take(_ text: String) -> Result<NDArray, RuntimeError>? {
        guard next < texts.count, texts[next] == text else { return nil }
        defer { next += 1 }
        return results[next]
    }

    private static func collect(_ value: JSONValue, into texts: inout [String], total: inout Int) {
        switch value {
        case .array(let elements):
            for element in elements { collect(element, into: &texts, total: &total) }
        case .object(let members):
            for member in members { collect(member.value, into: &texts, total: &total) }
            if case .string("ndarray")? = value["__type__"], case .string(let text)? = value["__value__"] {
                texts.append(text)
                total += text.utf8.count
            }
        default:
            break
        }
    }
}

/// One result slot per array, each written by exactly one `concurrentPerform` iteration.
// @unchecked Sendable: every index is written once, by one iteration, before
// `concurrentPerform` returns; `take()` reads them only after it has returned.
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<NDArray, RuntimeError>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ index: Int, _ result: Result<NDArray, RuntimeError>) {
        slots[index] = result
    }

    func take() -> [Result<NDArray, RuntimeError>] {
        slots.map { $0 ?? .failure(RuntimeError(.invalidValue, "ndarray payload was not decoded")) }
    }
}
