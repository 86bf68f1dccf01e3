import Testing
@testable import QiskitRuntime
import RuntimeIO
import RuntimeWire

/// The job-stream state machine without I/O, tasks or clocks: each test feeds events and checks
/// the actions it gets back.
@Suite("Job stream state machine: one policy for streams and the completion watcher")
struct JobStreamStateMachineTests {
    typealias Machine = JobStreamStateMachine
    typealias Action = JobStreamStateMachine.Action

    /// An action without its error, to compare.
    enum Step: Equatable {
        case connect, receiveAcknowledgement, fetchList, receive, readStatus, waitForJob
        case backOff(Duration)
        case poll(after: Duration?)
        case deliver(String)
        case finish(JobStatus?)
        case fail(RuntimeError.Code?)

        init(_ action: Action) {
            switch action {
            case .connect: self = .connect
            case .receiveAcknowledgement: self = .receiveAcknowledgement
            case .fetchList: self = .fetchList
            case .receive: self = .receive
            case .readStatus: self = .readStatus
            case .waitForJob: self = .waitForJob
            case .backOff(let delay): self = .backOff(delay)
            case .poll(let after): self = .poll(after: after)
            case .deliver(let text): self = .deliver(text)
            case .finish(let status): self = .finish(status)
            case .fail(let error): self = .fail((error as? RuntimeError)?.code)
            }
        }
    }

    static let lost = RuntimeError(.connectionClosed, "lost")
    static let refused = RuntimeError(.handshakeFailed, "refused", statusCode: 404)

    static func streaming(maximumReconnects: Int = 5) -> RuntimeConfiguration.Streaming {
        var streaming = RuntimeConfiguration.Streaming()
        streaming.maximumReconnects = maximumReconnects
        return streaming
    }

    static func machine(_ purpose: Machine.Purpose, maximumReconnects: Int = 5) -> Machine {
        Machine(purpose: purpose, jobID: "j1", streaming: streaming(maximumReconnects: maximumReconnects), pollInterval: .seconds(1))
    }

    /// A stream connected, acknowledged and caught up with `list`: returns what it delivers.
    static func open(_ machine: inout Machine, list: [String] = []) -> [Step] {
        var steps = [Step(machine.start(streamingSupported: true))]
        steps.append(Step(machine.connected()))
        steps.append(Step(machine.acknowledged()))
        var step = Step(machine.listFetched(list))
        steps.append(step)
        while case .deliver = step {
            step = Step(machine.resume())
            steps.append(step)
        }
        return steps
    }

    // MARK: Interim-result stream

    @Test("a stream connects, drops the acknowledgement, catches up from the list, then reads live frames")
    func streamOpens() {
        var machine = Self.machine(.interimResults)
        #expect(Self.open(&machine, list: ["a", "b"]) == [
            .connect, .receiveAcknowledgement, .fetchList, .deliver("a"), .deliver("b"), .receive,
        ])
        #expect(machine.state == .streaming)
        #expect(Step(machine.received("c")) == .deliver("c"))
        #expect(Step(machine.resume()) == .receive)
    }

    @Test("live repeats of list entries are skipped, new frames delivered once")
    func repeatsSkipped() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine, list: ["a", "b"])
        #expect(Step(machine.received("a")) == .receive)
        #expect(Step(machine.received("b")) == .receive)
        #expect(Step(machine.received("c")) == .deliver("c"))
        #expect(machine.ledger.deliveredCount == 3)
    }

    @Test("close 1000 ends a stream without a request")
    func normalCloseEndsStream() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine)
        #expect(Step(machine.closed(code: WebSocketCloseCode.normal)) == .finish(nil))
        #expect(machine.state == .finished)
    }

    @Test("a lost connection reads the status, backs off, and reconnects; the backoff doubles")
    func lostReconnects() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine)
        #expect(Step(machine.closed(code: 1011)) == .readStatus)
        #expect(machine.state == .reconciling(.statusAfterFailure))
        #expect(Step(machine.statusRead(.running)) == .backOff(.milliseconds(500)))
        #expect(Step(machine.backoffElapsed()) == .connect)
        #expect(Step(machine.connectFailed(Self.lost, refusal: false)) == .readStatus)
        #expect(Step(machine.statusRead(nil)) == .backOff(.seconds(1)))
        #expect(machine.failures == 2)
    }

    @Test("a final status at a reconnect ends the stream from the list, even with the retries used up")
    func finalAtReconnect() {
        var machine = Self.machine(.interimResults, maximumReconnects: 0)
        _ = Self.open(&machine, list: ["a"])
        #expect(Step(machine.connectionFailed(Self.lost)) == .readStatus)
        #expect(Step(machine.statusRead(.done)) == .poll(after: nil))
        #expect(Step(machine.polled(.done, list: ["a", "b"])) == .deliver("b"))
        #expect(Step(machine.resume()) == .finish(.done))
    }

    @Test("retries used up while the job runs: .reconnectsExhausted naming the last failure")
    func exhausted() {
        var machine = Self.machine(.interimResults, maximumReconnects: 2)
        _ = Self.open(&machine)
        var steps: [Step] = []
        for _ in 0..<3 {
            steps.append(Step(machine.closed(code: 1011)))
            let next = machine.statusRead(.running)
            steps.append(Step(next))
            if case .backOff = next {
                steps.append(Step(machine.backoffElapsed()))
                steps.append(Step(machine.connected()))
                steps.append(Step(machine.acknowledged()))
                steps.append(Step(machine.listFetched([])))
            }
        }
        #expect(steps.last == .fail(.reconnectsExhausted))
        #expect(steps.filter { $0 == .connect }.count == 2)
        #expect(machine.state == .finished)
    }

    @Test("a new message resets the failure count; an acknowledgement and a list without news do not")
    func progressResets() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine, list: ["a"])
        _ = machine.closed(code: 1011)
        _ = machine.statusRead(.running)
        _ = machine.backoffElapsed()
        _ = machine.connected()
        _ = machine.acknowledged()
        _ = machine.listFetched(["a"])
        #expect(machine.failures == 1)
        #expect(Step(machine.received("b")) == .deliver("b"))
        #expect(machine.failures == 0)
    }

    @Test("results caught up from the list are progress")
    func catchUpIsProgress() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine)
        _ = machine.closed(code: 1011)
        _ = machine.statusRead(.running)
        _ = machine.backoffElapsed()
        _ = machine.connected()
        _ = machine.acknowledged()
        #expect(Step(machine.listFetched(["x"])) == .deliver("x"))
        #expect(machine.failures == 0)
    }

    @Test("a refused upgrade polls the list at the poll interval until the job is final")
    func refusalPolls() {
        var machine = Self.machine(.interimResults)
        _ = machine.start(streamingSupported: true)
        #expect(Step(machine.connectFailed(Self.refused, refusal: true)) == .poll(after: nil))
        #expect(Step(machine.polled(.running, list: ["a"])) == .deliver("a"))
        #expect(Step(machine.resume()) == .poll(after: .seconds(1)))
        #expect(Step(machine.polled(.done, list: ["a", "b"])) == .deliver("b"))
        #expect(Step(machine.resume()) == .finish(.done))
    }

    @Test("a failure that is no network failure ends the stream with it")
    func fatalFails() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine)
        #expect(Step(machine.connectionFailed(RuntimeError(.unauthorized, "no"))) == .fail(.unauthorized))
        var connecting = Self.machine(.interimResults)
        _ = connecting.start(streamingSupported: true)
        #expect(Step(connecting.connectFailed(RuntimeError(.shutDown, "down"), refusal: false)) == .fail(.shutDown))
    }

    @Test("transient poll failures are tried again, 5 in a row end the stream; others end it at once")
    func pollFailures() {
        var machine = Self.machine(.interimResults)
        _ = machine.start(streamingSupported: true)
        _ = machine.connectFailed(Self.refused, refusal: true)
        let transient = RuntimeError(.httpStatus, "busy", statusCode: 503)
        var steps: [Step] = []
        for _ in 0..<5 { steps.append(Step(machine.pollFailed(transient))) }
        #expect(steps == Array(repeating: .poll(after: .seconds(1)), count: 4) + [.fail(.httpStatus)])

        var other = Self.machine(.interimResults)
        _ = other.start(streamingSupported: true)
        _ = other.connectFailed(Self.refused, refusal: true)
        #expect(Step(other.pollFailed(RuntimeError(.unauthorized, "no"))) == .fail(.unauthorized))
    }

    @Test("a successful poll resets the poll-failure count")
    func pollRecovers() {
        var machine = Self.machine(.interimResults)
        _ = machine.start(streamingSupported: true)
        _ = machine.connectFailed(Self.refused, refusal: true)
        let transient = RuntimeError(.connectionFailed, "lost")
        for _ in 0..<4 { _ = machine.pollFailed(transient) }
        _ = machine.polled(.running, list: [])
        #expect(machine.pollFailures == 0)
    }

    @Test("a close 1000 before the acknowledgement: the list is everything, then the end")
    func closedBeforeAck() {
        var machine = Self.machine(.interimResults)
        _ = machine.start(streamingSupported: true)
        _ = machine.connected()
        #expect(Step(machine.closedBeforeAcknowledgement(code: WebSocketCloseCode.normal)) == .fetchList)
        #expect(Step(machine.listFetched(["a"])) == .deliver("a"))
        #expect(Step(machine.resume()) == .finish(nil))
    }

    @Test("another close before the acknowledgement is a failed connection")
    func abnormalBeforeAck() {
        var machine = Self.machine(.interimResults)
        _ = machine.start(streamingSupported: true)
        _ = machine.connected()
        #expect(Step(machine.closedBeforeAcknowledgement(code: 1011)) == .readStatus)
        #expect(machine.failures == 1)
    }

    @Test("a job known final is read from the list without a websocket")
    func knownFinal() {
        var machine = Self.machine(.interimResults)
        #expect(Step(machine.start(streamingSupported: true)) == .connect)
        #expect(Step(machine.jobKnownFinal()) == .poll(after: nil))
        #expect(Step(machine.polled(.done, list: [])) == .finish(.done))
    }

    @Test("without streaming: wait for the job, then end with nothing")
    func noStreaming() {
        var machine = Self.machine(.interimResults)
        #expect(Step(machine.start(streamingSupported: false)) == .waitForJob)
        #expect(Step(machine.jobEnded()) == .finish(nil))
    }

    @Test("stopped from outside: pending results are dropped, the end is returned")
    func stopped() {
        var machine = Self.machine(.interimResults)
        _ = machine.start(streamingSupported: true)
        _ = machine.connected()
        _ = machine.acknowledged()
        _ = machine.listFetched(["a", "b"])
        #expect(Step(machine.stopped()) == .finish(nil))
        #expect(!machine.hasPending)
        #expect(Step(machine.resume()) == .finish(nil))
    }

    @Test("the repair ledger is the one before the last live frame, taken once")
    func repairLedger() {
        var machine = Self.machine(.interimResults)
        _ = Self.open(&machine, list: ["a"])
        _ = machine.received("b")
        let before = machine.takeLedgerBeforeLive()
        #expect(before?.deliveredCount == 1)
        #expect(machine.takeLedgerBeforeLive() == nil)
    }

    // MARK: Completion watcher

    @Test("the watcher drains frames and confirms close 1000 with one status read")
    func watcherConfirmsEnd() {
        var machine = Self.machine(.completion)
        #expect(Step(machine.start(streamingSupported: true)) == .connect)
        #expect(Step(machine.connected()) == .receiveAcknowledgement)
        #expect(Step(machine.acknowledged()) == .receive)
        #expect(Step(machine.received("x")) == .receive)
        #expect(Step(machine.closed(code: WebSocketCloseCode.normal)) == .readStatus)
        #expect(Step(machine.statusRead(.done)) == .finish(.done))
    }

    @Test("a close 1000 the status does not confirm makes the watcher poll")
    func watcherUnconfirmed() {
        var machine = Self.machine(.completion)
        _ = machine.start(streamingSupported: true)
        _ = machine.connected()
        _ = machine.acknowledged()
        _ = machine.closed(code: WebSocketCloseCode.normal)
        #expect(Step(machine.statusRead(.running)) == .poll(after: nil))
        #expect(Step(machine.polled(.running, list: [])) == .poll(after: .seconds(1)))
        #expect(Step(machine.polled(.cancelled, list: [])) == .finish(.cancelled))
    }

    @Test("the watcher polls when its first websocket cannot be opened, or is refused")
    func watcherNeverOpened() {
        var machine = Self.machine(.completion)
        _ = machine.start(streamingSupported: true)
        #expect(Step(machine.connectFailed(Self.lost, refusal: false)) == .poll(after: nil))
        var refused = Self.machine(.completion)
        _ = refused.start(streamingSupported: true)
        _ = refused.connected()
        _ = refused.closed(code: 1011)
        _ = refused.statusRead(.running)
        _ = refused.backoffElapsed()
        #expect(Step(refused.connectFailed(Self.refused, refusal: true)) == .poll(after: nil))
    }

    @Test("the watcher reconnects after a failure, reads the status each time, and polls once the retries are used up")
    func watcherRetriesThenPolls() {
        var machine = Self.machine(.completion, maximumReconnects: 2)
        _ = machine.start(streamingSupported: true)
        var steps: [Step] = []
        for _ in 0..<3 {
            steps.append(Step(machine.connected()))
            steps.append(Step(machine.acknowledged()))
            steps.append(Step(machine.closed(code: 1011)))
            let next = machine.statusRead(.running)
            steps.append(Step(next))
            if case .backOff = next { steps.append(Step(machine.backoffElapsed())) }
        }
        #expect(steps == [
            .receiveAcknowledgement, .receive, .readStatus, .backOff(.milliseconds(500)), .connect,
            .receiveAcknowledgement, .receive, .readStatus, .backOff(.seconds(1)), .connect,
            .receiveAcknowledgement, .receive, .readStatus, .poll(after: nil),
        ])
    }

    @Test("acknowledgements alone are no progress for the watcher; a frame after one is")
    func watcherProgress() {
        var machine = Self.machine(.completion)
        _ = machine.start(streamingSupported: true)
        _ = machine.connected()
        _ = machine.acknowledged()
        _ = machine.closed(code: 1011)
        _ = machine.statusRead(.running)
        _ = machine.backoffElapsed()
        _ = machine.connected()
        _ = machine.acknowledged()
        #expect(machine.failures == 1)
        _ = machine.received("x")
        #expect(machine.failures == 0)
    }

    @Test("a final status at a reconnect ends the watcher with it")
    func watcherFinalAtReconnect() {
        var machine = Self.machine(.completion)
        _ = machine.start(streamingSupported: true)
        _ = machine.connected()
        #expect(Step(machine.connectionFailed(RuntimeError(.unauthorized, "any error counts"))) == .readStatus)
        #expect(Step(machine.statusRead(.error)) == .finish(.error))
    }

    @Test("the watcher never reads the interim-result list")
    func watcherNoList() {
        var machine = Self.machine(.completion)
        _ = machine.start(streamingSupported: true)
        _ = machine.connectFailed(Self.refused, refusal: true)
        #expect(Step(machine.polled(.running, list: ["ignored"])) == .poll(after: .seconds(1)))
        #expect(!machine.hasPending)
        #expect(Step(machine.jobKnownFinal()) == .readStatus)
    }

    @Test("the poll interval is never under the minimum")
    func minimumPollInterval() {
        var machine = Machine(purpose: .completion, jobID: "j", streaming: Self.streaming(), pollInterval: .milliseconds(1))
        _ = machine.start(streamingSupported: true)
        _ = machine.connectFailed(Self.lost, refusal: false)
        #expect(Step(machine.polled(.running, list: [])) == .poll(after: RuntimeConfiguration.minimumPollInterval))
    }
}
