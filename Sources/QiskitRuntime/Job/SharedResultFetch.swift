import RuntimeIO
import Synchronization

/// Runs a ``ResultFetchStateMachine`` for one ``RuntimeJob``: the raw result text, cached or from
/// the one fetch all concurrent callers share. A caller whose task is cancelled, or whose
/// deadline passes first (a timer of the configuration's clock), leaves at once; the fetch is
/// cancelled when nobody waits for it any more. Every resumption happens outside the lock.
final class SharedResultFetch: Sendable {
    private struct State {
        var machine = ResultFetchStateMachine<CheckedContinuation<ResultText, any Error>>()
        /// The task of the fetch in flight, with its number and deadline.
        var task: (number: UInt64, task: Task<Void, Never>, deadline: ContinuousClock.Instant)?
    }

    private let state = Mutex(State())

    init() {}

    /// The callers waiting for the fetch in flight (for tests).
    var waiterCount: Int { state.withLock { $0.machine.waiterCount } }

    /// The text, cached or fetched by `fetch` (started by the first caller, shared by the rest),
    /// which ends by `fetchDeadline` (the request's own time limit): a caller whose `deadline`
    /// comes earlier gets a timer, any other waits for the fetch's end.
    /// - Throws: the fetch's error, `timeoutError()` at `deadline`, `CancellationError`.
    func text(
        deadline: ContinuousClock.Instant?, fetchDeadline: ContinuousClock.Instant, clock: any RuntimeClock,
        timeoutError: @escaping @Sendable () -> any Error,
        fetch: @escaping @Sendable (ContinuousClock.Instant) async throws -> ResultText
    ) async throws -> ResultText {
        let (request, timer) = state.withLock { state -> (ResultFetchStateMachine<CheckedContinuation<ResultText, any Error>>.Request, ContinuousClock.Instant?) in
            let request = state.machine.request()
            if case .wait(_, let number?) = request {
                // Created under the lock so that a waiter leaving at once finds it to cancel.
                state.task = (number, Task { [self] in
                    let outcome: Result<ResultText, any Error>
                    do { outcome = .success(try await fetch(fetchDeadline)) } catch { outcome = .failure(error) }
                    self.finished(number, outcome)
                }, fetchDeadline)
            }
            guard let deadline, let fetchEnds = state.task?.deadline, deadline < fetchEnds else { return (request, nil) }
            return (request, deadline)
        }
        let id: WaiterID
        switch request {
        case .use(let text): return text
        case .wait(let waiter, _): id = waiter
        }
        return try await Waiting.wait(
            deadline: timer, scheduler: clock, timeoutError: timeoutError,
            register: { continuation in state.withLock { $0.machine.register(id, continuation) } },
            resolve: { outcome in
                let (resumption, abandoned) = self.state.withLock { state -> (Waiting.Resumption<ResultText>?, Task<Void, Never>?) in
                    let (resumption, cancelFetch) = state.machine.resolve(id, with: outcome)
                    guard cancelFetch, let task = state.task else { return (resumption, nil) }
                    state.task = nil
                    return (resumption, task.task)
                }
                abandoned?.cancel()
                return resumption
            })
    }

    private func finished(_ number: UInt64, _ outcome: Result<ResultText, any Error>) {
        let resumptions = state.withLock { state -> [Waiting.Resumption<ResultText>] in
            if state.task?.number == number { state.task = nil }
            switch outcome {
            case .success(let text): return state.machine.fetched(number, text: text)
            case .failure(let error): return state.machine.fetchFailed(number, error: error)
            }
        }
        for resumption in resumptions { resumption.resume() }
    }
}
