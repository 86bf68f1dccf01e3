import RuntimeIO
import RuntimeWire

/// The `ndarray` payloads of a large result, decoded (base64, inflate, `.npy`) on the threads of
/// the ``ComputePool`` before the tag pass, which then takes them in order instead of decoding
/// them one by one.
///
/// The arrays of a result are independent, and their decoding is most of the work of
/// `RuntimeValue(json:)` for a large result. The pre-pass collects the texts of objects tagged
/// `ndarray` in the order the tag pass meets them (depth first, members in order, an object
/// after its members), then works in three steps:
///
/// 1. in parallel: each payload's base64 is decoded and its `.npy` header inflated, which
///    declares the array's size;
/// 2. in document order: each declared size is reserved from the document's decode budget,
///    up to the first array that does not fit or has no regular header;
/// 3. in parallel: the arrays reserved in step 2 are inflated, each into storage of exactly its
///    declared size.
///
/// The tag pass compares each text it decodes with the next collected one and decodes it itself
/// (with the same budget) when it was not prefetched or does not match, so the outcome, errors
/// included, is the one of decoding the arrays one by one in order, and no more than the budget
/// is ever inflated. Small results (or a single array) are not prefetched.
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
        // 1. Payload bytes and declared sizes.
        let peeks = Slots<(compressed: [UInt8], declared: Int)>(count: texts.count)
        pool.parallelFor(texts.count) { index in
            guard let compressed = try? Base64.decode(texts[index]),
                  let declared = NPY.declaredSize(deflated: compressed)
            else { return }
            peeks.store(index, (compressed, declared))
        }
        // 2. Reservations in document order, up to the first array that does not fit.
        var reserved: [(compressed: [UInt8], declared: Int)] = []
        for index in texts.indices {
            guard let peek = peeks.take(index), peek.declared <= maxArrayBytes, allowance.reserve(peek.declared) else { break }
            reserved.append(peek)
        }
        // 3. The reserved arrays, inflated in place.
        let decoded = Slots<NPYArray>(count: reserved.count)
        pool.parallelFor(reserved.count) { index in
            let peek = reserved[index]
            if let array = NPY.readInPlace(deflated: peek.compressed, maxOutput: maxArrayBytes, admit: { $0 == peek.declared }) {
                decoded.store(index, array)
            }
        }
        var results: [Result<NDArray, RuntimeError>] = []
        results.reserveCapacity(reserved.count)
        for index in reserved.indices {
            // An irregular stream behind a regular header goes back to the tag pass, which
            // reports its precise error (and so do the arrays after it).
            guard let array = decoded.take(index) else {
                for later in reserved[index...] { allowance.release(later.declared) }
                break
            }
            results.append(.success(NDArray(npy: array)))
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
