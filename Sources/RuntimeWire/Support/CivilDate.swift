/// Proleptic Gregorian calendar arithmetic in UTC (era-based, over 400-year cycles), and the two
/// text forms the package writes: ISO 8601 and the HTTP IMF-fixdate.
package enum CivilDate {
    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Days since 1970-01-01 of a date (month 1…12).
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01 (negative: before).
    package static func date(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// The day of the week `days` after 1970-01-01: 0 is Sunday … 6 is Saturday.
    package static func weekday(days: Int64) -> Int {
        Int(((days + 4) % 7 + 7) % 7)
    }

    /// The number of days in `month` (1…12) of `year`.
    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Splits seconds since 1970-01-01T00:00:00Z into whole days and the second of that day
    /// (0…86399), rounding toward the past.
    package static func split(seconds: Int64) -> (days: Int64, secondOfDay: Int) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            days -= 1
            rest += 86_400
        }
        return (days, Int(rest))
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    package static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `YYYY-MM-DDTHH:MM:SS` (no fraction, no offset) of an instant in UTC.
    package static func isoDateTime(seconds: Int64) -> String {
        let (days, secondOfDay) = split(seconds: seconds)
        let (year, month, day) = date(days: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
    }

    /// The IMF-fixdate of RFC 9110 §5.6.7, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    package static func imfFixdate(seconds: Int64) -> String {
        let (days, secondOfDay) = split(seconds: seconds)
        let (year, month, day) = date(days: days)
        return weekdayNames[weekday(days: days)] + ", " + pad(day, 2) + " " + monthNames[month - 1] + " " + String(year) + " "
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + " GMT"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction][Z|z|±HH[:]MM|±HH]` (a space may stand for the `T`;
    /// no offset means UTC): the whole seconds since 1970-01-01T00:00:00Z and the fraction of a
    /// second (any number of digits), or `nil` when the text is not such a timestamp.
    package static func parseISO8601(_ text: String) -> (seconds: Int64, fraction: Double)? {
        let b = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for i in start..<start + count {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        if index < b.count {
            if b[index] == UInt8(ascii: "Z") || b[index] == UInt8(ascii: "z") {
                index += 1
            } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
                let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
                guard let h = number(index + 1, 2) else { return nil }
                var m = 0
                if index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"), let mm = number(index + 4, 2) {
                    m = mm
                    index += 6
                } else if let mm = number(index + 3, 2) {
                    m = mm
                    index += 5
                } else {
                    index += 3
                }
                offset = sign * (h * 3600 + m * 60)
            }
        }
        guard index == b.count else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second - offset)
        return (seconds, fraction)
    }

    /// ``parseISO8601(_:)`` as microseconds since 1970-01-01T00:00:00Z (the fraction rounded to
    /// the nearest microsecond).
    package static func microsecondsISO8601(_ text: String) -> Int64? {
        guard let (seconds, fraction) = parseISO8601(text) else { return nil }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return nil }
        return scaled + Int64((fraction * 1_000_000).rounded())
    }
}
