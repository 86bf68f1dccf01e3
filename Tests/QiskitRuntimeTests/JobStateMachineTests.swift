import Testing
@testable import QiskitRuntime
import RuntimeIO

@Suite("JobStateMachine")
struct JobStateMachineTests {
    @Test("statuses move forward only; a late reply never moves a job back")
    func monotonic() {
        var machine = JobStateMachine()
        #expect(machine.observe(JobStatusReport(status: .queued)) == .applied)
        #expect(machine.observe(JobStatusReport(status: .running)) == .applied)
        #expect(machine.observe(JobStatusReport(status: .queued)) == .ignoredStale)
        #expect(machine.status == .running)
        #expect(machine.observe(JobStatusReport(status: .done)) == .applied)
        #expect(machine.observe(JobStatusReport(status: .running)) == .ignoredFinal)
        #expect(machine.observe(JobStatusReport(status: .error, failure: .failed)) == .ignoredFinal)
        #expect(machine.status == .done)
        #expect(machine.needsStatusRead == false)
    }

    @Test("the result plan follows the status")
    func resultPlan() {
        #expect(JobStateMachine(status: .running).resultPlan == .waitForFinalState)
        #expect(JobStateMachine(status: .done).resultPlan == .fetchAndDecode)
        #expect(JobStateMachine(status: .error).resultPlan == .fetchAndFail)
        #expect(JobStateMachine(status: .cancelled).resultPlan == .cancelled)
    }

    typealias Fetch = ResultFetchStateMachine<Int>

    static func waiter(_ request: Fetch.Request) -> (id: WaiterID, start: UInt64?)? {
        guard case .wait(let id, let start) = request else { return nil }
        return (id, start)
    }

    @Test("concurrent result requests share one fetch, then the text is cached")
    func sharedFetch() throws {
        var fetch = Fetch()
        let first = try #require(Self.waiter(fetch.request()))
        let second = try #require(Self.waiter(fetch.request()))
        let third = try #require(Self.waiter(fetch.request()))
        #expect(first.start == 1 && second.start == nil && third.start == nil)
        #expect(fetch.register(first.id, 1) == nil)
        #expect(fetch.register(second.id, 2) == nil)
        // The third resumes with the text when it registers.
        let resumed = fetch.fetched(1, text: "\"All done!\"")
        #expect(resumed.map(\.continuation) == [1, 2])
        #expect(try fetch.register(third.id, 3)?.outcome.get() == "\"All done!\"")
        guard case .use(let text) = fetch.request() else {
            Issue.record("expected the cached text")
            return
        }
        #expect(text == "\"All done!\"")
    }

    @Test("a failed fetch resumes its waiters and the next request fetches again")
    func failedFetch() throws {
        var fetch = Fetch()
        let first = try #require(Self.waiter(fetch.request()))
        let second = try #require(Self.waiter(fetch.request()))
        _ = fetch.register(first.id, 1)
        _ = fetch.register(second.id, 2)
        #expect(fetch.fetchFailed(1, error: RuntimeError(.connectionFailed, "lost")).map(\.continuation) == [1, 2])
        #expect(try #require(Self.waiter(fetch.request())).start == 2)
    }

    @Test("waiters that leave: the last one abandons the fetch, whose late reply resumes nobody but is cached")
    func abandonedFetch() throws {
        var fetch = Fetch()
        let first = try #require(Self.waiter(fetch.request()))
        let second = try #require(Self.waiter(fetch.request()))
        _ = fetch.register(first.id, 1)
        _ = fetch.register(second.id, 2)
        let (left, cancelFirst) = fetch.resolve(first.id, with: .failure(CancellationError()))
        #expect(left?.continuation == 1 && !cancelFirst)
        #expect(fetch.resolve(first.id, with: .failure(CancellationError())).0 == nil)
        let (last, cancelFetch) = fetch.resolve(second.id, with: .failure(CancellationError()))
        #expect(last?.continuation == 2 && cancelFetch)
        let third = try #require(Self.waiter(fetch.request()))
        #expect(third.start == 2)
        _ = fetch.register(third.id, 3)
        // The abandoned fetch's failure resumes nobody; its late text is cached.
        #expect(fetch.fetchFailed(1, error: CancellationError()).isEmpty)
        #expect(fetch.waiterCount == 1)
        #expect(fetch.fetched(1, text: "1").isEmpty)
        #expect(fetch.text == "1")
        #expect(fetch.fetched(2, text: "1").map(\.continuation) == [3])
    }

    @Test("cancel: a final job is rejected without a request")
    func cancelFinal() {
        #expect(JobStateMachine(status: .done).cancelAction == .rejectFinal(.done))
        #expect(JobStateMachine(status: .running).cancelAction == .send)
    }

    @Test("cancel racing with completion: the confirmation read decides")
    func cancelConfirmation() {
        var won = JobStateMachine(status: .running)
        #expect(won.cancelAccepted(confirmation: JobStatusReport(status: .done)) == .done)
        var cancelled = JobStateMachine(status: .running)
        #expect(cancelled.cancelAccepted(confirmation: JobStatusReport(status: .running)) == .cancelled)
        var unknown = JobStateMachine(status: .queued)
        #expect(unknown.cancelAccepted(confirmation: nil) == .cancelled)
        #expect(unknown.observe(JobStatusReport(status: .done)) == .ignoredFinal)
    }

    @Test("error messages follow the Qiskit templates")
    func errorMessages() {
        var failed = JobStateMachine()
        _ = failed.observe(JobStatusReport(status: .error, failure: .failed))
        #expect(failed.errorMessage(jobID: "j1", resultText: "Traceback: boom") == "Job j1 has failed:\nTraceback: boom")
        var tooLong = JobStateMachine()
        _ = tooLong.observe(JobStatusReport(status: .error, failure: .ranTooLong))
        #expect(tooLong.errorMessage(jobID: "j2", resultText: "t")
            == "Job j2 ran longer than maximum execution time. Job was cancelled:\nt")
        #expect(JobStateMachine(status: .done).errorMessage(jobID: "j3", resultText: "x") == nil)
    }

    @Test("from the last Traceback on (IBM Cloud), or the whole text (legacy)")
    func lastTraceback() {
        var failed = JobStateMachine()
        _ = failed.observe(JobStatusReport(status: .error, failure: .failed))
        let text = "out\nTraceback A\nx\nTraceback B\ny"
        #expect(failed.errorMessage(jobID: "j", resultText: text, fromLastTraceback: true) == "Job j has failed:\nTraceback B\ny")
        #expect(failed.errorMessage(jobID: "j", resultText: text) == "Job j has failed:\n" + text)
        #expect(failed.errorMessage(jobID: "j", resultText: "no trace here", fromLastTraceback: true) == "Job j has failed:\nno trace here")
        #expect(failed.errorMessage(jobID: "j", resultText: "TracebacTraceback", fromLastTraceback: true) == "Job j has failed:\nTraceback")
        #expect(failed.errorMessage(jobID: "j", resultText: "é Traceback ü", fromLastTraceback: true) == "Job j has failed:\nTraceback ü")
        #expect(JobStateMachine.lastTraceback(in: "") == nil)
        var tooLong = JobStateMachine()
        _ = tooLong.observe(JobStatusReport(status: .error, failure: .ranTooLong))
        #expect(tooLong.errorMessage(jobID: "j", resultText: "a Traceback b", fromLastTraceback: true)
            == "Job j ran longer than maximum execution time. Job was cancelled:\nTraceback b")
    }
}
