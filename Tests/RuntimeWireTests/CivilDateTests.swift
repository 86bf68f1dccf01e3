import Testing
@testable import RuntimeWire

@Suite("Civil date arithmetic")
struct CivilDateTests {
    @Test("days and date are inverse over leap years, century rules and negative days")
    func roundTrip() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilDate.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDate.days(year: 1, month: 1, day: 1) == -719_162)
        let leapDay = CivilDate.date(days: 11_016)
        #expect(leapDay.year == 2000 && leapDay.month == 2 && leapDay.day == 29)
        let first = CivilDate.date(days: -719_162)
        #expect(first.year == 1 && first.month == 1 && first.day == 1)
        for days in stride(from: Int64(-800_000), through: 3_000_000, by: 997) {
            let (y, m, d) = CivilDate.date(days: days)
            #expect(CivilDate.days(year: y, month: m, day: d) == days)
            #expect(d >= 1 && d <= CivilDate.daysInMonth(year: y, month: m))
        }
    }

    @Test("weekday, month lengths and the split of negative seconds")
    func fields() {
        #expect(CivilDate.weekday(days: 0) == 4)  // Thursday 1970-01-01
        #expect(CivilDate.weekday(days: -1) == 3)
        #expect(CivilDate.weekday(days: CivilDate.days(year: 1994, month: 11, day: 6)) == 0)
        #expect(CivilDate.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2024, month: 4) == 30)
        let before = CivilDate.split(seconds: -1)
        #expect(before.days == -1 && before.secondOfDay == 86_399)
        let next = CivilDate.split(seconds: 86_400)
        #expect(next.days == 1 && next.secondOfDay == 0)
        #expect(CivilDate.pad(7, 3) == "007")
        #expect(CivilDate.pad(12_345, 4) == "12345")
    }

    @Test("ISO 8601 and IMF-fixdate text")
    func text() {
        #expect(CivilDate.isoDateTime(seconds: 0) == "1970-01-01T00:00:00")
        #expect(CivilDate.isoDateTime(seconds: -1) == "1969-12-31T23:59:59")
        #expect(CivilDate.isoDateTime(seconds: 951_825_845) == "2000-02-29T12:04:05")
        #expect(CivilDate.imfFixdate(seconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(CivilDate.imfFixdate(seconds: -86_400) == "Wed, 31 Dec 1969 00:00:00 GMT")
    }
}
