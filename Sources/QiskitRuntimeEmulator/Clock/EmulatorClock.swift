#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The clock that drives every job of an emulator: real time, or a manual clock for tests.
///
/// Jobs move QUEUED → RUNNING → final and publish interim results at instants computed from their
/// creation time, so with a manual clock nothing happens until you call ``advance(by:)``; the
/// emulator then applies every transition that became due, in time order, before `advance`
/// returns (subscribers' events are already enqueued when it returns).
///
/// ```swift
/// let clock = EmulatorClock.manual()
/// let emulator = EmulatorService(configuration: .init(clock: clock))
/// // … submit a job …
/// clock.advance(by: .milliseconds(500))   // the job is now RUNNING
/// ```
///
/// Instants are microseconds since 1970-01-01T00:00:00Z (UTC); timestamps on the wire are
/// rendered from them with microsecond precision.
public final class EmulatorClock: Sendable {
    private struct State {
        var manualNow: Int64
        var observers: [UInt64: @Sendable () -> Void] = [:]
        var nextObserverID: UInt64 = 0
    }

    /// Whether this clock only moves when ``advance(by:)`` is called.
    public let isManual: Bool
    private let state: Mutex<State>

    private init(isManual: Bool, start: Int64) {
        self.isManual = isManual
        self.state = Mutex(State(manualNow: start))
    }

    /// A clock that follows the system's wall-clock time.
    public static func realTime() -> EmulatorClock {
        EmulatorClock(isManual: false, start: 0)
    }

    /// A clock that stands still until ``advance(by:)`` moves it.
    /// - Parameter secondsSince1970: the starting instant, in whole seconds since 1970 UTC
    ///   (default 2026-01-01T00:00:00Z).
    public static func manual(startingAt secondsSince1970: Int64 = 1_767_225_600) -> EmulatorClock {
        let clamped = min(max(secondsSince1970, 0), 100_000_000_000)
        return EmulatorClock(isManual: true, start: clamped * 1_000_000)
    }

    /// The current instant in microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSince1970: Int64 {
        if isManual { return state.withLock { $0.manualNow } }
        return Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// Moves a manual clock forward and applies every job transition that became due.
    ///
    /// Negative durations are ignored. On a real-time clock this does nothing.
    public func advance(by duration: Duration) {
        guard isManual else { return }
        let micros = Self.microseconds(duration)
        guard micros > 0 else { return }
        let observers = state.withLock { state in
            let (sum, overflow) = state.manualNow.addingReportingOverflow(micros)
            state.manualNow = overflow ? Self.latest : min(sum, Self.latest)
            return Array(state.observers.values)
        }
        for observer in observers { observer() }
    }

    /// Registers a callback run after every ``advance(by:)``; returns a token for removal.
    func addObserver(_ observer: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            let id = state.nextObserverID
            state.nextObserverID += 1
            state.observers[id] = observer
            return id
        }
    }

    func removeObserver(_ id: UInt64) {
        _ = state.withLock { $0.observers.removeValue(forKey: id) }
    }

    /// The latest instant a manual clock reaches (year ≈ 128,000): far enough from `Int64.max`
    /// that job timelines computed from it never overflow.
    static let latest: Int64 = 4_000_000_000_000_000_000

    /// A duration in whole microseconds, saturating instead of overflowing.
    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = product.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }
}
