import Testing
@testable import RuntimeWire

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
    }

    @Test("debugDescription appends the body; status code shows in the description")
    func debugDescriptionWithBody() {
        let error = RuntimeError(.httpStatus, "bad request", statusCode: 400, body: "{\"errors\": []}")
        #expect(error.description == "RuntimeError(httpStatus): bad request (HTTP 400)")
        #expect(error.debugDescription == "RuntimeError(httpStatus): bad request (HTTP 400); body: {\"errors\": []}")
    }
}
