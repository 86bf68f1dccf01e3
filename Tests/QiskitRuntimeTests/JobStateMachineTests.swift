import Testing
@testable import QiskitRuntime

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

    @Test("concurrent result requests share one fetch, then the text is cached")
    func resultSharing() {
        var machine = JobStateMachine(status: .done)
        #expect(machine.requestRawResult(waiter: 1) == .startFetchAndWait(fetch: 1))
        #expect(machine.requestRawResult(waiter: 2) == .wait)
        #expect(machine.requestRawResult(waiter: 3) == .wait)
        #expect(machine.rawResultFetched(fetch: 1, text: "\"All done!\"") == [1, 2, 3])
        #expect(machine.requestRawResult(waiter: 4) == .use("\"All done!\""))
        #expect(machine.rawResult == "\"All done!\"")
    }

    @Test("a failed fetch resumes its waiters and the next request fetches again")
    func failedFetch() {
        var machine = JobStateMachine(status: .done)
        #expect(machine.requestRawResult(waiter: 1) == .startFetchAndWait(fetch: 1))
        #expect(machine.requestRawResult(waiter: 2) == .wait)
        #expect(machine.rawResultFetchFailed(fetch: 1) == [1, 2])
        #expect(machine.requestRawResult(waiter: 3) == .startFetchAndWait(fetch: 2))
    }

    @Test("cancelled waiters leave; the last one abandons the fetch, whose late reply resumes nobody")
    func waiterCancellation() {
        var machine = JobStateMachine(status: .done)
        _ = machine.requestRawResult(waiter: 1)
        _ = machine.requestRawResult(waiter: 2)
        #expect(machine.cancelWaiter(1) == .resume(cancelFetch: false))
        #expect(machine.cancelWaiter(1) == .notWaiting)
        #expect(machine.cancelWaiter(2) == .resume(cancelFetch: true))
        #expect(machine.requestRawResult(waiter: 3) == .startFetchAndWait(fetch: 2))
        // The abandoned fetch 1 fails late: nobody of fetch 2 is resumed by it.
        #expect(machine.rawResultFetchFailed(fetch: 1) == [])
        #expect(machine.isWaiting(3))
        // A late success of the abandoned fetch still caches the (final) text.
        #expect(machine.rawResultFetched(fetch: 1, text: "1") == [])
        #expect(machine.rawResult == "1")
        #expect(machine.rawResultFetched(fetch: 2, text: "1") == [3])
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
}
