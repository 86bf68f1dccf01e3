import RuntimeIO
import RuntimeWire

/// The `ndarray` payloads of a large result, decoded (base64, inflate, `.npy`) on the threads of
/// the ``ComputePool`` before the tag pass, which then takes them in order instead of decoding
/// them one by one.
///
/// The arrays of a result are independent, and their decoding is most of the work of
/// `RuntimeValue(json:)` for a large result. The pre-pass collects the texts of objects tagged
/// `ndarray` in the order the tag pass meets them (depth first, members in order, an object
/// after its members), then decodes them in parallel: each one's base64 is decoded, its `.npy`
/// header inflated, the size the header declares reserved from the document's decode budget
/// (atomically: together they never exceed it), and only then its data inflated into storage of
/// exactly that size.
///
/// The outcome must be the one of decoding the arrays one by one in document order. So the
/// prefetch keeps the arrays before the first one that did not decode this way (a refused
/// reservation, an irregular stream, bad base64) and gives back the reservations of every array
/// from there on: the tag pass decodes those itself, in order, with the same budget. An array
/// before that point was reserved with at most the arrays before it holding the budget in order
/// too, so it fits in sequential order as well. Small results (or a single array) are not
/// prefetched.
struct NDArrayPrefetch {
    /// Below this much payload text in total, the arrays are decoded in the tag pass.
    static let minimumTotalBytes = 1 << 20

    private var texts: [String]
    /// One outcome per prefetched text (a prefix of `texts`).
    private var results: [Result<NDArray, RuntimeError>]
    private var next = 0

    /// The decoded arrays of `document`, or nil when it is not worth it.
    init?(_ document: JSONValue, allowance: ByteAllowance, maxArrayBytes: Int, pool: ComputePool = .shared) {
        var texts: [String] = []
        var total = 0
        Self.collect(document, into: &texts, total: &total)
        guard texts.count >= 2, total >= Self.minimumTotalBytes else { return nil }
        // An array decoded in place, with the bytes of the budget it holds; none when not.
        let outcomes = Slots<(array: NPYArray, reserved: Int)>(count: texts.count)
        pool.parallelFor(texts.count) { index in
            guard let compressed = try? Base64.decode(texts[index]) else { return }
            var reserved = 0
            let array = NPY.readInPlace(deflated: compressed, maxOutput: maxArrayBytes) { size in
                guard allowance.reserve(size) else { return false }
                reserved = size
                return true
            }
            if let array {
                outcomes.store(index, (array, reserved))
            } else {
                // Irregular, or admitted and then irregular: nothing of it stays reserved.
                allowance.release(reserved)
            }
        }
        var results: [Result<NDArray, RuntimeError>] = []
        var stopped = false
        for index in texts.indices {
            guard let outcome = outcomes.take(index) else {
                stopped = true
                continue
            }
            if stopped {
                allowance.release(outcome.reserved)
            } else {
                results.append(.success(NDArray(npy: outcome.array)))
            }
        }
        guard !results.isEmpty else { return nil }
        self.texts = texts
        self.results = results
    }

    /// The decoded array for `text` if it is the next prefetched one.
    mutating func take(_ text: String) -> Result<NDArray, RuntimeError>? {
        guard next < results.count, texts[next] == text else { return nil }
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

/// One slot per index, each written by exactly one iteration of a `parallelFor`.
// @unchecked Sendable: every index is written at most once, by one iteration, before
// `parallelFor` returns; `take(_:)` reads them only after it has returned, on the calling thread.
private final class Slots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ index: Int, _ value: Value) {
        slots[index] = value
    }

    /// The value of `index`, moved out (nil if none was stored).
    func take(_ index: Int) -> Value? {
        defer { slots[index] = nil }
        return slots[index]
    }
}
