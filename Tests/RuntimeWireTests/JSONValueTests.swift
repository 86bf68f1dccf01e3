import Testing
@testable import RuntimeWire

@Suite("JSONValue")
struct JSONValueTests {
    @Test("NaN equals NaN, and hashes alike")
    func nanEquality() {
        #expect(JSONValue.double(.nan) == .double(.nan))
        #expect(JSONValue.double(.nan).hashValue == JSONValue.double(-.nan).hashValue)
        #expect(JSONValue.double(1) != .integer(1))
    }

    @Test("subscript takes the last duplicate member, as Python does")
    func lastDuplicateWins() {
        let object = JSONValue.object([JSONMember("a", .integer(1)), JSONMember("a", .integer(2))])
        #expect(object["a"] == .integer(2))
        #expect(object["b"] == nil)
        #expect(JSONValue.array([])["a"] == nil)
    }

    @Test("accessors")
    func accessors() {
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.integer(3).integerValue == 3)
        #expect(JSONValue.integer(3).doubleValue == 3.0)
        #expect(JSONValue.bigInteger("18446744073709551616").doubleValue == 18446744073709551616.0)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.object([]).objectValue == [])
        #expect(JSONValue.null.stringValue == nil)
    }
}
