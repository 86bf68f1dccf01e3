import Testing
@testable import RuntimeIO
import RuntimeWire

/// The WebSocket connection's lifecycle as a pure state machine, without any I/O or concurrency.
@Suite("WebSocket connection state machine")
struct WebSocketConnectionStateTests {
    private let start = ContinuousClock.now
    private let failure = WireError(.protocolViolation, "bad frame")

    @Test("Our close: the frame is sent once, then nothing else is sent; a peer's answer gives its code")
    func ourClose() {
        var state = WebSocketConnectionState(now: start)
        #expect(state.maySend)
        let r1 = state.beginClose(code: 1000)
        #expect(r1)
        #expect(state.phase == .closing(sent: 1000, received: nil))
        #expect(!state.maySend)
        let r2 = state.beginClose(code: 1001)
        #expect(!r2)
        let r3 = state.receivedMessage(at: start)
        #expect(!r3, "data after our close frame is discarded")
        let r4 = state.receivedPing(at: start)
        #expect(!r4, "no pong once closing")
        let r5 = state.receivedClose(code: 1001, reason: "bye")
        #expect(!r5, "the peer's answer is not echoed")
        #expect(state.closeCode == 1001)
        let r6 = state.finish(failure: nil, code: nil)
        #expect(r6)
        #expect(state.phase == .closed(code: 1001, reason: "bye", failure: nil))
        let r7 = state.takeEarly()
        #expect(r7 == .cleanlyClosed)
        let r8 = state.finish(failure: failure, code: 1002)
        #expect(!r8, "the first outcome wins")
        let r9 = state.takeEarly()
        #expect(r9 == .cleanlyClosed)
    }

    @Test("Our close unanswered reports 1006")
    func ourCloseUnanswered() {
        var state = WebSocketConnectionState(now: start)
        let r10 = state.beginClose(code: 1000)
        #expect(r10)
        state.finish(failure: nil, code: WebSocketCloseCode.abnormal)
        #expect(state.closeCode == 1006)
        #expect(state.closeReason == "")
    }

    @Test("The peer's close is echoed once; an empty one reports 1005")
    func peerClose() {
        var state = WebSocketConnectionState(now: start)
        #expect(state.closeCode == nil)
        let r11 = state.receivedClose(code: nil, reason: "")
        #expect(r11)
        #expect(state.phase == .closing(sent: nil, received: .init(code: nil, reason: "")))
        let r12 = state.receivedClose(code: 1000, reason: "")
        #expect(!r12)
        state.finish(failure: nil, code: nil)
        #expect(state.closeCode == WebSocketCloseCode.noStatus)
        #expect(state.isClosed)
    }

    @Test("A protocol failure closes with our code and is thrown by every later receive")
    func protocolFailure() {
        var state = WebSocketConnectionState(now: start)
        let r13 = state.beginClose(code: 1007)
        #expect(r13)
        let r14 = state.finish(failure: failure, code: 1007)
        #expect(r14)
        #expect(state.closeCode == 1007)
        let r15 = state.takeEarly()
        #expect(r15 == .failed(failure))
        let r16 = state.takeEarly()
        #expect(r16 == .failed(failure))
    }

    @Test("A failed read closes with 1006; a failure recorded first wins; cancellation is rethrown")
    func readFailures() {
        var lost = WebSocketConnectionState(now: start)
        let thrown = lost.readFailed(WireError(.connectionClosed, "reset"))
        #expect((thrown as? WireError)?.message == "reset")
        #expect(lost.closeCode == 1006)

        var cancelled = WebSocketConnectionState(now: start)
        let r17 = cancelled.readFailed(CancellationError())
        #expect(r17 is CancellationError)
        #expect(cancelled.failure?.code == .connectionClosed)

        var timedOut = WebSocketConnectionState(now: start)
        let timeout = WireError(.timedOut, "no pong")
        let r18 = timedOut.keepAliveExpired(since: start + .seconds(1), failure: timeout)
        #expect(r18)
        let r19 = timedOut.readFailed(WireError(.connectionClosed, "closed"))
        #expect((r19 as? WireError) == timeout)
        let r20 = timedOut.readFailed(CancellationError())
        #expect(r20 is CancellationError)
    }

    @Test("Keep-alive: any frame or a stashed message since the ping counts as life")
    func keepAlive() {
        var state = WebSocketConnectionState(now: start)
        let sentAt = start + .seconds(10)
        let timeout = WireError(.timedOut, "no pong")
        state.receivedPong(at: sentAt + .seconds(1))
        #expect(state.pongCount == 1)
        let r21 = state.keepAliveExpired(since: sentAt, failure: timeout)
        #expect(!r21)
        #expect(state.heardFrom(since: sentAt))

        var stashed = WebSocketConnectionState(now: start)
        stashed.stash(.text("hello"))
        #expect(!stashed.mayTakeBuffered)
        let r22 = stashed.keepAliveExpired(since: sentAt, failure: timeout)
        #expect(!r22)
        let r23 = stashed.takeEarly()
        #expect(r23 == .message(.text("hello")))
        let r24 = stashed.takeEarly()
        #expect(r24 == nil)
        let r25 = stashed.keepAliveExpired(since: sentAt, failure: timeout)
        #expect(r25)
        let r26 = stashed.takeEarly()
        #expect(r26 == .failed(timeout))
        #expect(stashed.closeCode == 1006)
    }

    @Test("Abort and a failed write close once, with 1006 and connectionClosed")
    func abortAndWriteFailure() {
        var state = WebSocketConnectionState(now: start)
        let r27 = state.abort()
        #expect(r27)
        let r28 = state.abort()
        #expect(!r28)
        #expect(state.failure?.code == .connectionClosed)
        #expect(!state.maySend)

        var writing = WebSocketConnectionState(now: start)
        let r29 = writing.writeFailed(CancellationError())
        #expect(r29)
        #expect(writing.failure?.code == .connectionClosed)
        #expect(writing.closeCode == 1006)
        let r30 = writing.writeFailed(WireError(.timedOut, "late"))
        #expect(!r30)
        #expect(writing.failure?.code == .connectionClosed)
    }
}
