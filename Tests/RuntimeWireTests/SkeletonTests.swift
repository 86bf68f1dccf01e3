import Testing
@testable import RuntimeWire

@Test func skeletonBuilds() { #expect(Bool(true)) }

@Test func runtimeErrorDescription() {
    let error = RuntimeError(.invalidJSON, "unexpected byte", offset: 7)
    #expect(error.description == "RuntimeError(invalidJSON): unexpected byte (at byte 7)")
    #expect(error.code == .invalidJSON)
    #expect(error.code != .timedOut)
    #expect(JSONValue.double(.nan) == .double(.nan))
    #expect(JSONValue.object([JSONMember("a", .integer(1)), JSONMember("a", .integer(2))])["a"] == .integer(2))
}
