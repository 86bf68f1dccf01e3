import RuntimeWire

/// The waiters of one event, in arrival order: a pure state machine that holds their
/// continuations and answers every change with the resumptions to perform.
///
/// A waiter lives through two steps, because a task can be cancelled (or its deadline can pass,
/// or its answer can come) before it has suspended:
///
/// 1. ``enqueue()`` reserves a place and returns its ``WaiterID``, under the owner's lock,
///    usually together with the owner's own fast path ("the gate is free: take it");
/// 2. ``register(_:_:)`` hands over the continuation once the task has suspended (or
///    ``withdraw(_:)`` takes the waiter out of line when it turns out not to need waiting).
///
/// Between the two, the waiter is already in line: ``resolve(_:with:)`` (a cancellation, a
/// deadline, an answer for that waiter), ``resolveFirst(with:)`` (a hand-off to the longest
/// waiter), ``resolveAll(with:)`` and ``finish(with:)`` record its outcome, and
/// ``register(_:_:)`` returns it at once. The first outcome wins; every later one for the same
/// waiter is ignored, so a cancellation racing with a hand-off never loses the handed value nor
/// resumes a continuation twice.
///
/// The queue never resumes anything and takes no lock: its owner keeps it inside its own locked
/// state (next to whatever else the event needs, such as a gate's "held" flag), applies a change
/// under the lock, and resumes the returned ``WaiterResumption``s after releasing it. The
/// continuation type is generic so that tests drive the machine with plain values;
/// ``Waiting/Queue`` is the queue of real continuations. ``Waiting/wait(deadline:scheduler:timeoutError:register:resolve:)``
/// does the suspending, the cancellation handler and the deadline, and ``Waiters`` packages a
/// queue with its own lock for owners that need nothing else.
///
/// Cost: a waiter is one array entry; lookups by id are binary searches (ids grow, entries stay
/// in id order); a hand-off to the first waiter is O(1) apart from the array shift.
package struct WaiterQueue<Value: Sendable, Continuation> {
    package typealias Outcome = Result<Value, any Error>
    package typealias Resumption = WaiterResumption<Value, Continuation>

    /// The answer of ``resolveFirst(with:)``.
    package enum Handoff {
        /// Nobody waits: the value was not taken, the owner keeps it.
        case noWaiter
        /// The longest waiter took the value: resume this now, or (nil) it is resumed with the
        /// value when it registers.
        case delivered(Resumption?)
    }

    fileprivate enum Slot {
        /// Enqueued; its task has not suspended yet.
        case reserved
        /// Suspended on this continuation.
        case waiting(Continuation)
        /// Resolved before it registered: its outcome, handed over on registration.
        case resolved(Outcome)
    }

    fileprivate struct Entry {
        let id: WaiterID
        var slot: Slot

        var isUnresolved: Bool {
            if case .resolved = slot { return false }
            return true
        }
    }

    /// In id order: the oldest first.
    private var entries: [Entry] = []
    private var lastID: UInt64 = 0
    private var unresolved = 0

    /// The outcome every waiter gets once ``finish(with:)`` was called, also those enqueued later.
    package private(set) var finalOutcome: Outcome?

    package init() {}

    /// The waiters without an outcome yet (enqueued or suspended).
    package var count: Int { unresolved }

    /// Whether no waiter is without an outcome.
    package var isEmpty: Bool { unresolved == 0 }

    /// Whether ``finish(with:)`` was called.
    package var isFinished: Bool { finalOutcome != nil }

    /// Whether `id` is enqueued or suspended and has no outcome yet.
    package func isWaiting(_ id: WaiterID) -> Bool {
        guard let index = index(of: id) else { return false }
        return entries[index].isUnresolved
    }

    /// Reserves the next place in line. After ``finish(with:)`` the waiter already holds the
    /// final outcome, which ``register(_:_:)`` returns.
    package mutating func enqueue() -> WaiterID {
        lastID &+= 1
        let id = WaiterID(rawValue: lastID)
        if let finalOutcome {
            entries.append(Entry(id: id, slot: .resolved(finalOutcome)))
        } else {
            entries.append(Entry(id: id, slot: .reserved))
            unresolved += 1
        }
        return id
    }

    /// Hands over the continuation of the suspended waiter `id`.
    /// - Returns: nil when the waiter now waits; otherwise the resumption to perform at once:
    ///   the outcome the waiter got before it suspended, or a `.invalidState` failure for an id
    ///   that was never enqueued or registers twice (a programming error, never wire data).
    package mutating func register(_ id: WaiterID, _ continuation: Continuation) -> Resumption? {
        guard let index = index(of: id) else {
            return Resumption(continuation: continuation, outcome: .failure(Self.misuse(id)))
        }
        switch entries[index].slot {
        case .reserved:
            entries[index].slot = .waiting(continuation)
            return nil
        case .resolved(let outcome):
            entries.remove(at: index)
            return Resumption(continuation: continuation, outcome: outcome)
        case .waiting:
            return Resumption(continuation: continuation, outcome: .failure(Self.misuse(id)))
        }
    }

    /// Takes the waiter `id` out of line before it suspended, for an owner that enqueued it and
    /// then found it need not wait (the answer was already there).
    /// - Returns: the outcome it already had, if any. A suspended waiter stays in line: resolve
    ///   it instead.
    package mutating func withdraw(_ id: WaiterID) -> Outcome? {
        guard let index = index(of: id) else { return nil }
        switch entries[index].slot {
        case .reserved:
            entries.remove(at: index)
            unresolved -= 1
            return nil
        case .resolved(let outcome):
            entries.remove(at: index)
            return outcome
        case .waiting:
            return nil
        }
    }

    /// Gives the waiter `id` its outcome (a cancellation, a deadline, an answer for it alone),
    /// unless it already has one.
    /// - Returns: the resumption to perform when the waiter is suspended; nil when it is not
    ///   suspended yet (it gets `outcome` on registering), already has an outcome, or is gone.
    package mutating func resolve(_ id: WaiterID, with outcome: Outcome) -> Resumption? {
        guard let index = index(of: id) else { return nil }
        return resolve(at: index, with: outcome)
    }

    /// Hands `outcome` to the longest waiter without an outcome (FIFO hand-off: a lock, a
    /// connection, a permit).
    package mutating func resolveFirst(with outcome: Outcome) -> Handoff {
        guard unresolved > 0, let index = entries.firstIndex(where: \.isUnresolved) else { return .noWaiter }
        return .delivered(resolve(at: index, with: outcome))
    }

    /// Gives `outcome` to every waiter without one (a broadcast); later waiters wait as usual.
    /// - Returns: the resumptions to perform, oldest waiter first.
    package mutating func resolveAll(with outcome: Outcome) -> [Resumption] {
        guard unresolved > 0 else { return [] }
        var resumptions: [Resumption] = []
        var kept: [Entry] = []
        kept.reserveCapacity(entries.count)
        for var entry in entries {
            switch entry.slot {
            case .waiting(let continuation):
                resumptions.append(Resumption(continuation: continuation, outcome: outcome))
                continue
            case .reserved:
                entry.slot = .resolved(outcome)
            case .resolved:
                break
            }
            kept.append(entry)
        }
        entries = kept
        unresolved = 0
        return resumptions
    }

    /// Gives `outcome` to every waiter, now and later: the event happened once and for all (the
    /// stream ended, the owner shut down). Only the first call counts.
    /// - Returns: the resumptions to perform, oldest waiter first.
    package mutating func finish(with outcome: Outcome) -> [Resumption] {
        guard finalOutcome == nil else { return [] }
        finalOutcome = outcome
        return resolveAll(with: outcome)
    }

    private mutating func resolve(at index: Int, with outcome: Outcome) -> Resumption? {
        switch entries[index].slot {
        case .reserved:
            entries[index].slot = .resolved(outcome)
            unresolved -= 1
            return nil
        case .waiting(let continuation):
            entries.remove(at: index)
            unresolved -= 1
            return Resumption(continuation: continuation, outcome: outcome)
        case .resolved:
            return nil
        }
    }

    /// Binary search: ids are handed out in increasing order and entries keep that order.
    private func index(of id: WaiterID) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].id < id {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < entries.count && entries[low].id == id ? low : nil
    }

    private static func misuse(_ id: WaiterID) -> WireError {
        WireError(.invalidState, "\(id) registered twice or without a place in line")
    }
}

extension WaiterQueue: Sendable where Continuation: Sendable {}

extension WaiterQueue.Handoff: Sendable where Continuation: Sendable {}

extension WaiterQueue.Slot: Sendable where Continuation: Sendable {}

extension WaiterQueue.Entry: Sendable where Continuation: Sendable {}
