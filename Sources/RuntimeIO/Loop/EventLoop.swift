import CRuntimeShims
import RuntimeWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The one I/O thread of the package: an epoll loop with an eventfd wake-up and a timer heap.
///
/// Every socket of the process (HTTP and WebSocket, SDK client and emulator server) is served
/// by ``shared``. Tasks never touch sockets themselves: they submit work with
/// ``execute(_:)`` (a queue drained on every wake-up) and await a continuation that the loop
/// resumes. Resuming only schedules the task on its executor, so no user code and no decoding
/// runs on the loop thread.
///
/// State is split in two: the submission queue and the shut-down flag are guarded by a
/// `Mutex`; everything else (registrations, channels, timers, the read buffer) is confined to
/// the loop thread and only touched from closures the loop runs.
// @unchecked Sendable: the mutable stored properties below the "loop thread only" mark are read
// and written exclusively on the loop thread (from `run()` and the closures it executes); the
// rest is immutable, a Mutex or an Atomic.
package final class EventLoop: @unchecked Sendable {
    /// The process-wide loop, started on first use.
    package static let shared = EventLoop()

    /// The size of the loop's read buffer: the most a single read takes from a socket.
    package static let readBufferSize = 64 * 1024

    private struct Submissions {
        var queue: [@Sendable () -> Void] = []
        var isShutDown = false
        var failure: String?
    }

    private struct Registration {
        var generation: UInt32
        weak var channel: (any LoopChannel)?
    }

    private struct WeakChannel {
        weak var channel: (any LoopChannel)?
    }

    private let submissions: Mutex<Submissions>
    private let epollFD: Int32
    private let wakeFD: Int32
    private let threadID = Atomic<Int32>(0)
    private let finished = Atomic<Bool>(false)
    /// The last timer id handed out, by the loop thread or by ``schedule(at:_:)`` on any thread.
    private let lastTimerID = Atomic<UInt64>(0)

    // MARK: loop thread only
    private var registrations: [Int32: Registration] = [:]
    private var channels: [ObjectIdentifier: WeakChannel] = [:]
    private var timers = BinaryHeap<TimerEntry>()
    private var timerActions: [UInt64: () -> Void] = [:]
    private var nextGeneration: UInt32 = 1
    private var running = true
    /// Scratch space for reads, loop thread only.
    let readBuffer: UnsafeMutableRawBufferPointer

    /// Creates and starts a loop with its own thread. Production code uses ``shared``; tests
    /// create private loops to exercise ``shutdown()``.
    package init() {
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readBufferSize, alignment: 16)
        let epoll = rt_epoll_create()
        let wake = rt_eventfd_create()
        var failure: String?
        if epoll < 0 || wake < 0 {
            failure = "the event loop could not start: " + SocketError.describe(epoll < 0 ? -epoll : -wake)
        } else if rt_epoll_ctl(epoll, Int32(RT_EPOLL_CTL_ADD), wake, UInt32(RT_EPOLLIN), 0) < 0 {
            failure = "the event loop could not watch its eventfd"
        }
        epollFD = epoll
        wakeFD = wake
        submissions = Mutex(Submissions(isShutDown: failure != nil, failure: failure))
        if failure != nil {
            if epoll >= 0 { _ = rt_close(epoll) }
            if wake >= 0 { _ = rt_close(wake) }
            finished.store(true, ordering: .releasing)
            return
        }
        startThread()
    }

    deinit {
        readBuffer.deallocate()
    }

    private func startThread() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let loop = Unmanaged<EventLoop>.fromOpaque(context).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        if status != 0 {
            Unmanaged<EventLoop>.fromOpaque(context).release()
            submissions.withLock {
                $0.isShutDown = true
                $0.failure = "the event loop thread could not start: " + SocketError.describe(status)
            }
            _ = rt_close(epollFD)
            _ = rt_close(wakeFD)
            finished.store(true, ordering: .releasing)
            return
        }
        pthread_detach(thread)
    }

    // MARK: - Any thread

    /// Returns once the work submitted before this call has run on the loop (at once when the
    /// loop is shut down, which has then closed everything).
    package func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if !execute({ continuation.resume() }) { continuation.resume() }
        }
    }

    /// Runs `work` on the loop thread, after the work submitted before it.
    /// - Returns: `false` if the loop was shut down; `work` will then never run.
    @discardableResult
    package func execute(_ work: @escaping @Sendable () -> Void) -> Bool {
        submissions.withLock { state in
            guard !state.isShutDown else { return false }
            state.queue.append(work)
            // The first submission after a drain wakes the loop; later ones ride along. The
            // write happens under the lock so that it can never race with closing the eventfd.
            if state.queue.count == 1 { _ = rt_eventfd_signal(wakeFD) }
            return true
        }
    }

    /// Whether ``shutdown()`` was called (or the loop could not start).
    package var isShutDown: Bool { submissions.withLock { $0.isShutDown } }

    /// Whether the loop thread has exited.
    package var hasFinished: Bool { finished.load(ordering: .acquiring) }

    /// Whether the caller runs on this loop's thread.
    package var isOnLoopThread: Bool { rt_gettid() == threadID.load(ordering: .acquiring) }

    /// The kernel thread id of the loop thread (0 before it started).
    package var loopThreadID: Int32 { threadID.load(ordering: .acquiring) }

    /// The error operations fail with once the loop is shut down.
    package var shutDownError: WireError {
        let failure = submissions.withLock { $0.failure }
        return WireError(.shutDown, failure ?? "the event loop was shut down")
    }

    /// Closes every socket served by this loop, fails their pending operations with
    /// `WireError(.shutDown)` and stops the loop thread. Returns at once; the work happens on
    /// the loop thread in order after everything submitted before. Later operations fail with
    /// `.shutDown`. Idempotent.
    package func shutdown() {
        submissions.withLock { state in
            guard !state.isShutDown else { return }
            state.isShutDown = true
            state.queue.append { [self] in closeEverything() }
            if state.queue.count == 1 { _ = rt_eventfd_signal(wakeFD) }
        }
    }

    // MARK: - Loop thread only

    /// Adds a channel to the set closed by ``shutdown()``. Loop thread only.
    func addChannel(_ channel: any LoopChannel) {
        channels[ObjectIdentifier(channel)] = WeakChannel(channel: channel)
    }

    /// Removes a channel from the set closed by ``shutdown()``. Loop thread only.
    func removeChannel(_ channel: any LoopChannel) {
        channels[ObjectIdentifier(channel)] = nil
    }

    /// Watches `fd` for `events` on behalf of `channel` (add or modify). Loop thread only.
    /// - Returns: 0 or a negative errno.
    @discardableResult
    func watch(fd: Int32, events: UInt32, channel: any LoopChannel) -> Int32 {
        if var registration = registrations[fd], registration.channel === channel {
            let data = UInt64(registration.generation) << 32 | UInt64(UInt32(bitPattern: fd))
            let status = rt_epoll_ctl(epollFD, Int32(RT_EPOLL_CTL_MOD), fd, events, data)
            if status == 0 { return 0 }
            registration.channel = nil
        }
        registrations[fd] = nil
        let generation = nextGeneration
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        let data = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
        var status = rt_epoll_ctl(epollFD, Int32(RT_EPOLL_CTL_ADD), fd, events, data)
        if status == -EEXIST {
            status = rt_epoll_ctl(epollFD, Int32(RT_EPOLL_CTL_MOD), fd, events, data)
        }
        if status == 0 {
            registrations[fd] = Registration(generation: generation, channel: channel)
        }
        return status
    }

    /// Stops watching `fd`. Call before closing it. Loop thread only.
    func unwatch(fd: Int32) {
        guard registrations.removeValue(forKey: fd) != nil else { return }
        _ = rt_epoll_ctl(epollFD, Int32(RT_EPOLL_CTL_DEL), fd, 0, 0)
    }

    /// Closes a descriptor that a channel owned, from any thread (a channel's `deinit`): on the
    /// loop after ``unwatch(fd:)``, or at once when the loop is shut down.
    func closeFromAnyThread(fd: Int32) {
        if !execute({ self.unwatch(fd: fd); _ = rt_close(fd) }) {
            _ = rt_close(fd)
        }
    }

    /// Runs `action` on the loop thread once `deadline` has passed (at most about a millisecond
    /// late). Loop thread only.
    /// - Returns: an id for ``cancelTimer(_:)``.
    func scheduleTimer(at deadline: ContinuousClock.Instant, _ action: @escaping () -> Void) -> UInt64 {
        let id = lastTimerID.add(1, ordering: .relaxed).newValue
        insertTimer(id: id, at: deadline, action)
        return id
    }

    private func insertTimer(id: UInt64, at deadline: ContinuousClock.Instant, _ action: @escaping () -> Void) {
        timerActions[id] = action
        timers.insert(TimerEntry(deadline: deadline, id: id))
    }

    /// Forgets a timer that has not fired yet. Loop thread only.
    ///
    /// The heap entry stays until it reaches the top, unless forgotten entries come to outnumber
    /// live ones: then the heap is rebuilt without them, so that many far deadlines cancelled
    /// early (a request deadline, a wait without a limit) never pile up.
    func cancelTimer(_ id: UInt64?) {
        guard let id, timerActions.removeValue(forKey: id) != nil else { return }
        if timers.count > 1024, timers.count > 2 * timerActions.count {
            timers.removeAll { timerActions[$0.id] == nil }
        }
    }

    /// The number of live channels (connections, listeners). Loop thread only.
    var channelCount: Int { channels.count }

    /// Timers scheduled and not fired or cancelled, and the heap entries kept for them
    /// (cancelled ones included until dropped). Loop thread only; for tests.
    var timerCounts: (live: Int, heap: Int) { (timerActions.count, timers.count) }

    // MARK: - The loop

    private func run() {
        threadID.store(rt_gettid(), ordering: .releasing)
        rt_set_thread_name("runtime-io")
        let capacity: Int32 = 256
        let datas = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(capacity))
        let events = UnsafeMutablePointer<UInt32>.allocate(capacity: Int(capacity))
        var batch: [@Sendable () -> Void] = []
        batch.reserveCapacity(64)
        while running {
            let count = rt_epoll_wait(epollFD, datas, events, capacity, nextTimeout())
            if count > 0 {
                for index in 0..<Int(count) {
                    dispatch(data: datas[index], events: events[index])
                }
            }
            fireTimers()
            submissions.withLock { state in swap(&state.queue, &batch) }
            for work in batch { work() }
            batch.removeAll(keepingCapacity: true)
        }
        datas.deallocate()
        events.deallocate()
        submissions.withLock { state in
            state.queue.removeAll()
            _ = rt_close(epollFD)
            _ = rt_close(wakeFD)
        }
        timerActions.removeAll()
        registrations.removeAll()
        finished.store(true, ordering: .releasing)
    }

    private func dispatch(data: UInt64, events: UInt32) {
        let generation = UInt32(truncatingIfNeeded: data >> 32)
        let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: data))
        if generation == 0 {
            rt_eventfd_drain(wakeFD)
            return
        }
        guard let registration = registrations[fd], registration.generation == generation else { return }
        guard let channel = registration.channel else {
            // The owner is gone; its deinit queued the close of the descriptor.
            registrations[fd] = nil
            _ = rt_epoll_ctl(epollFD, Int32(RT_EPOLL_CTL_DEL), fd, 0, 0)
            return
        }
        channel.handleEvents(fd: fd, events: events)
    }

    private func nextTimeout() -> Int32 {
        while let first = timers.first, timerActions[first.id] == nil {
            _ = timers.removeFirst()
        }
        guard let first = timers.first else { return -1 }
        let remaining = first.deadline - ContinuousClock.now
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        if seconds > 86_400 { return 86_400_000 }
        // Round up so that a timer never fires early.
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    private func fireTimers() {
        guard !timers.isEmpty else { return }
        let now = ContinuousClock.now
        while let first = timers.first, first.deadline <= now {
            _ = timers.removeFirst()
            if let action = timerActions.removeValue(forKey: first.id) { action() }
        }
    }

    private func closeEverything() {
        let live = channels.values.compactMap(\.channel)
        channels.removeAll()
        for channel in live { channel.loopWillShutDown() }
        for fd in registrations.keys { _ = rt_epoll_ctl(epollFD, Int32(RT_EPOLL_CTL_DEL), fd, 0, 0) }
        registrations.removeAll()
        timerActions.removeAll()
        running = false
    }
}

extension EventLoop: DeadlineScheduler {
    package var now: ContinuousClock.Instant { .now }

    /// Puts `action` in the loop's timer heap from any thread; it runs on the loop thread. A loop
    /// that is shut down fires nothing: the waiter then ends by its event or its cancellation.
    package func schedule(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> DeadlineTimer {
        let id = lastTimerID.add(1, ordering: .relaxed).newValue
        execute { self.insertTimer(id: id, at: deadline, action) }
        return DeadlineTimer(id: id)
    }

    /// Cancels a timer of ``schedule(at:_:)`` from any thread (on the loop, after the scheduling).
    package func cancel(_ timer: DeadlineTimer) {
        execute { self.cancelTimer(timer.id) }
    }
}
