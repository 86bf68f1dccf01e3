import Testing
@testable import RuntimeWire

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("the lead-byte table agrees with the standard library for every lead and second byte")
    func leadTable() {
        for lead in UInt8(0x80)...0xFF {
            let expected = UTF8Validation.sequence(lead: lead)
            for second in UInt8.min...UInt8.max {
                var bytes: [UInt8] = [lead, second]
                bytes += [UInt8](repeating: 0x80, count: max(0, (expected?.continuations ?? 1) - 1))
                let valid = String(validating: bytes, as: UTF8.self) != nil
                let oneShot = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) }
                var incremental = WebSocketUTF8Validator()
                let fed = incremental.feed(bytes)
                #expect((oneShot == nil) == valid, "lead \(lead) second \(second)")
                #expect((fed == nil && incremental.isComplete) == valid, "lead \(lead) second \(second)")
                if let expected {
                    #expect(valid == (second >= expected.lower && second <= expected.upper))
                } else {
                    #expect(!valid)
                }
            }
        }
    }

    @Test("the one-shot check reports the lead byte, the incremental one the bad byte")
    func offsets() {
        let bytes: [UInt8] = [0x61, 0xE2, 0x82, 0xAC, 0x62, 0xF0, 0x9F, 0x41]
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) } == 5)
        var validator = WebSocketUTF8Validator()
        #expect(validator.feed(bytes[0..<6]) == nil)
        #expect(!validator.isComplete)
        #expect(validator.feed(bytes[6...]) == 7)
    }
}
