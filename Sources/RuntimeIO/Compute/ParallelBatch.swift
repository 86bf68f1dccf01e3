import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    // `active` under `mutex`) before it was closed, and `finish()` clears it only once `active`
    // is back to 0; `closed` and `active` are read and written only under `mutex`.
    private let count: Int
    private let next = Atomic<Int>(0)
    private var body: ((Int) -> Void)?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var active = 0
    private var closed = false

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Claims and runs indices until none is left (or the batch is closed).
    func help() {
        pthread_mutex_lock(mutex)
        if closed {
            pthread_mutex_unlock(mutex)
            return
        }
        active += 1
        pthread_mutex_unlock(mutex)
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
        pthread_mutex_lock(mutex)
        active -= 1
        if active == 0 { pthread_cond_broadcast(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// Closes the batch and waits until every helper inside it has finished its index.
    func finish() {
        pthread_mutex_lock(mutex)
        closed = true
        while active > 0 { pthread_cond_wait(condition, mutex) }
        body = nil
        pthread_mutex_unlock(mutex)
    }
}
