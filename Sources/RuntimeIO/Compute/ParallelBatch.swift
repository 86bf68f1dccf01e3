import Synchronization

/// One ``ComputePool/parallelFor(_:_:)`` call: the next index to hand out, and the helpers still
/// working on one.
///
/// The caller and the helpers claim indices with an atomic counter. When the caller has run out
/// of indices it closes the batch and waits for the helpers that are inside it; a helper that
/// starts after the close returns without touching `body`. `finish()` drops the batch's reference
/// to `body` before it returns, as `withoutActuallyEscaping` requires (queued helpers may still
/// hold the batch itself).
final class ParallelBatch: @unchecked Sendable {
    // @unchecked Sendable: `body` is only called by threads that entered the batch (counted in
    // `active` under `lock`) before it was closed, and `finish()` clears it only once `active`
    // is back to 0; `closed` and `active` are read and written only under `lock`.
    private let count: Int
    private let next = Atomic<Int>(0)
    private var body: ((Int) -> Void)?
    private let lock = ConditionLock()
    private var active = 0
    private var closed = false

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// Claims and runs indices until none is left (or the batch is closed).
    func help() {
        lock.lock()
        if closed {
            lock.unlock()
            return
        }
        active += 1
        lock.unlock()
        do {
            // The reference taken here ends with this scope, before `active` drops.
            if let body {
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    body(index)
                }
            }
        }
        lock.lock()
        active -= 1
        if active == 0 { lock.broadcast() }
        lock.unlock()
    }

    /// Closes the batch and waits until every helper inside it has finished its index.
    func finish() {
        lock.lock()
        closed = true
        while active > 0 { lock.wait() }
        body = nil
        lock.unlock()
    }
}
