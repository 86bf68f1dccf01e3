#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex with one condition variable, at fixed heap addresses: what the compute
/// threads block on. (`Synchronization.Mutex` has no condition to wait on; the compute threads
/// are OS threads that must park, not tasks that could suspend.)
///
/// Call ``wait()``, ``signal()`` and ``broadcast()`` with the lock held.
final class ConditionLock: @unchecked Sendable {
    // @unchecked Sendable: the mutex and the condition are thread-safe by design; the pointers
    // are set once in `init` and released in `deinit`, when no thread can hold the lock.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
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

    func lock() { pthread_mutex_lock(mutex) }

    func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` with the lock held.
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Releases the lock until the condition is signalled, then takes it again. Wake-ups may be
    /// spurious: wait in a loop on the state the lock guards.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Wakes one waiting thread.
    func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiting thread.
    func broadcast() { pthread_cond_broadcast(condition) }
}
