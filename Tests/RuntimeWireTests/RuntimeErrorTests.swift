import Testing
@testable import RuntimeWire

@Suite("WireError")
struct RuntimeErrorTests {
    @Test("description names the code, the message and the offset")
    func descriptionWithOffset() {
        let error = WireError(.invalidJSON, "unexpected byte", offset: 7)
        #expect(error.description == "WireError(invalidJSON): unexpected byte (at byte 7)")
    }

    @Test("codes compare by identity")
    func codesCompare() {
        let error = WireError(.invalidJSON, "unexpected byte", offset: 7)
        #expect(error.code == .invalidJSON)
        #expect(error.code != .timedOut)
    }

    @Test("debugDescription appends the body; status code shows in the description")
    func debugDescriptionWithBody() {
        let error = WireError(.httpStatus, "bad request", statusCode: 400, body: "{\"errors\": []}")
        #expect(error.description == "WireError(httpStatus): bad request (HTTP 400)")
        #expect(error.debugDescription == "WireError(httpStatus): bad request (HTTP 400); body: {\"errors\": []}")
    }
}
