import CRuntimeShims
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A few dedicated OS threads for CPU-heavy work: large result decodes in the SDK, circuit
/// simulation in the emulator.
///
/// Swift's cooperative pool has one thread per core (two here), and the event loop has one
/// thread for every socket. Work that holds a CPU for milliseconds or seconds must run on neither,
/// or it stalls every other job's I/O and every other task. `run(_:)` hands a closure to a pool
/// thread and suspends the caller without blocking a thread; `parallelFor(_:_:)` splits a loop over
/// the pool's threads, the calling thread included.
///
/// Threads start on first use (a process that never decodes a large result has none) and stay,
/// parked on a condition variable, until ``shutdown()``. ``shared`` has one thread per online CPU.
/// They run at a lower priority (`nice` 10 on Linux), so that with every core busy decoding, the
/// event loop and the cooperative pool still get a core as soon as they have work.
package final class ComputePool: @unchecked Sendable {
    // @unchecked Sendable: every mutable stored property (`queue`, `head`, `started`, `idle`,
    // `isShutDown`) is read and written only while `lock` (a pthread mutex and its condition) is
    // held.

    /// The process-wide pool: one thread per online CPU, started lazily.
    package static let shared = ComputePool(threadCount: ComputePool.onlineProcessorCount)

    /// The number of online CPUs (at least 1).
    package static var onlineProcessorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The most threads this pool runs at once.
    package let threadCount: Int

    private let lock = ConditionLock()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var started = 0
    private var idle = 0
    private var isShutDown = false

    /// Creates a pool of at most `threadCount` threads (at least 1).
    package init(threadCount: Int) {
        self.threadCount = max(1, threadCount)
    }

    // MARK: - Running work

    /// Runs `body` on a pool thread and returns its result, suspending the caller meanwhile
    /// (no thread is blocked while it waits).
    ///
    /// Cancelling the calling task sets the ``ComputeCancellation`` passed to `body`, which long
    /// work should check now and then; work that has not started yet when the task is cancelled
    /// never starts, and the call throws `CancellationError`. A pool that was shut down runs
    /// `body` on a thread of its own, so work is never lost.
    package func run<T: Sendable>(
        _ body: @escaping @Sendable (ComputeCancellation) throws -> T
    ) async throws -> T {
        let cancellation = ComputeCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                submit {
                    if cancellation.isCancelled {
                        continuation.resume(throwing: CancellationError())
                        return
                    }
                    continuation.resume(with: Result { try body(cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Calls `body` once for every index in `0..<count`, spread over the pool's threads; the
    /// calling thread takes part and the call returns when every index is done.
    ///
    /// Call it from work that already runs on a pool thread (inside ``run(_:)``) or on another
    /// thread of your own, never from the cooperative pool or the event loop. It cannot deadlock
    /// when the pool is busy: the caller claims indices itself and waits only for threads that
    /// have already claimed one. The indices are handed out in increasing order, one at a time,
    /// so give each index a substantial slice of work.
    package func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        guard count > 1, threadCount > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The batch holds `escapable` only until `finish()` returns: helpers that start later
            // find the batch closed and never call it.
            let batch = ParallelBatch(count: count, body: escapable)
            for _ in 0..<min(threadCount, count) - 1 {
                submit { batch.help() }
            }
            batch.help()
            batch.finish()
        }
    }

    /// Lets the threads exit once the queue is empty. Work submitted afterwards still runs, each
    /// piece on a short-lived thread of its own. ``shared`` is never shut down.
    package func shutdown() {
        lock.withLock {
            isShutDown = true
            lock.broadcast()
        }
    }

    /// The number of threads currently started (for tests).
    package var startedThreads: Int {
        lock.withLock { started }
    }

    // MARK: - Threads

    private func submit(_ work: @escaping @Sendable () -> Void) {
        lock.lock()
        if isShutDown {
            lock.unlock()
            if !Self.startThread(running: work) { work() }
            return
        }
        queue.append(work)
        var startOne = false
        if idle > 0 {
            lock.signal()
        } else if started < threadCount {
            started += 1
            startOne = true
        }
        lock.unlock()
        guard startOne else { return }
        let pool = self
        if !Self.startThread(running: { pool.workerLoop() }) {
            lock.lock()
            started -= 1
            let orphaned = started == 0
            lock.unlock()
            // No thread could start and none is running: drain the queue here rather than lose it.
            if orphaned { drainOnCaller() }
        }
    }

    private func drainOnCaller() {
        while let work = popLocked() { work() }
    }

    private func popLocked() -> (@Sendable () -> Void)? {
        lock.withLock { pop() }
    }

    /// Takes the next piece of work; the caller holds `lock`.
    private func pop() -> (@Sendable () -> Void)? {
        guard head < queue.count else { return nil }
        let work = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return work
    }

    private func workerLoop() {
        lock.lock()
        while true {
            if let work = pop() {
                lock.unlock()
                work()
                lock.lock()
                continue
            }
            if isShutDown { break }
            idle += 1
            lock.wait()
            idle -= 1
        }
        started -= 1
        lock.unlock()
    }

    /// Starts a detached thread that runs `work`; false if the system refused.
    private static func startThread(running work: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(ThreadStart(work)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let status = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let start = Unmanaged<ThreadStart>.fromOpaque(context).takeRetainedValue()
            rt_set_thread_name("runtime-compute")
            ComputePool.lowerPriorityOfCurrentThread()
            start.work()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(box).release()
            return false
        }
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
        return true
    }
}

extension ComputePool {
    /// How much nicer than the rest of the process compute threads run (Linux `nice`, per thread).
    static let niceness: Int32 = 10

    /// Makes the calling thread yield the CPU to the process's other threads: a decode that keeps
    /// every core busy must not delay the event loop or the cooperative pool (other jobs' I/O),
    /// which the kernel then runs first whenever they have something to do. Best effort.
    static func lowerPriorityOfCurrentThread() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(rt_gettid()), niceness)
        #endif
    }
}

/// The closure a new thread runs, passed through `pthread_create`'s context pointer.
private final class ThreadStart: Sendable {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
}
