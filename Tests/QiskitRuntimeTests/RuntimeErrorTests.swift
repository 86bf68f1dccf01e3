import QiskitRuntime
import RuntimeWire
import Testing

@Suite("RuntimeError")
struct RuntimeErrorTests {
    @Test("description names the code, the message and the offset")
    func descriptionWithOffset() {
        let error = RuntimeError(.invalidJSON, "unexpected byte", offset: 7)
        #expect(error.description == "RuntimeError(invalidJSON): unexpected byte (at byte 7)")
    }

    @Test("codes compare by identity")
    func codesCompare() {
        let error = RuntimeError(.invalidJSON, "unexpected byte", offset: 7)
        #expect(error.code == .invalidJSON)
        #expect(error.code != .timedOut)
        #expect(error.code.description == "invalidJSON")
    }

    @Test("debugDescription appends the body; status code shows in the description")
    func debugDescriptionWithBody() {
        let error = RuntimeError(.httpStatus, "bad request", statusCode: 400, body: "{\"errors\": []}")
        #expect(error.description == "RuntimeError(httpStatus): bad request (HTTP 400)")
        #expect(error.debugDescription == "RuntimeError(httpStatus): bad request (HTTP 400); body: {\"errors\": []}")
    }

    struct Cause: Error, Equatable {}

    @Test("a lower layer's error converts keeping code, message, offset, status, body and underlying error")
    func convertsWireError() throws {
        let wire = WireError(.invalidHTTP, "bad head", offset: 3, statusCode: 400, body: "b", underlyingError: Cause())
        let converted = try #require(RuntimeError.converting(wire) as? RuntimeError)
        #expect(converted == RuntimeError(.invalidHTTP, "bad head", offset: 3, statusCode: 400, body: "b"))
        #expect(converted.code == .invalidHTTP)
        #expect(converted.underlyingError as? Cause == Cause())
        #expect(converted.description == wire.description)
        #expect(RuntimeError.converting(Cause()) as? Cause == Cause())
        #expect(RuntimeError.converting(CancellationError()) is CancellationError)
    }

    @Test("a field set on a RuntimeError reads back; equality ignores the underlying error")
    func fieldsAreSettable() {
        var error = RuntimeError(.timedOut, "late")
        error.code = .shutDown
        error.message = "stopped"
        error.statusCode = 503
        error.underlyingError = Cause()
        #expect(error.code == .shutDown)
        #expect(error == RuntimeError(.shutDown, "stopped", statusCode: 503))
        #expect(error.hashValue == RuntimeError(.shutDown, "stopped", statusCode: 503).hashValue)
    }
}
