#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuntimeWire

/// A Python `datetime` or `date` as RuntimeEncoder sends it: the `isoformat()` text, kept verbatim.
///
/// Keeping the text means a naive datetime (`2022-01-02T03:04:05.678000`, no UTC offset) stays
/// naive when it is sent back. The parsed fields are available, and ``date`` converts to a `Date`
/// when the text carries a UTC offset; ``date(assumingUTCOffset:)`` converts a naive one.
///
/// Accepted forms: `YYYY-MM-DD`, then optionally `T` (or a space) `HH:MM[:SS[.ffffff]]`, then
/// optionally `Z` or `±HH:MM[:SS[.ffffff]]` (or `±HHMM`).
public struct RuntimeDateTime: Sendable, Hashable, CustomStringConvertible {
    /// The ISO 8601 text exactly as received (or as produced by ``init(_:)``).
    public let isoText: String
    /// Year, 1…9999.
    public let year: Int
    /// Month, 1…12.
    public let month: Int
    /// Day of the month.
    public let day: Int
    /// Hour, 0…23 (0 for a plain date).
    public let hour: Int
    /// Minute, 0…59.
    public let minute: Int
    /// Second, 0…59.
    public let second: Int
    /// Microsecond, 0…999999.
    public let microsecond: Int
    /// The UTC offset in seconds, or nil for a naive datetime or plain date.
    public let utcOffsetSeconds: Int?
    /// Whether the text is a plain date (`2022-01-02`), which Python decodes as midnight.
    public let isDateOnly: Bool

    /// Parses ISO 8601 text as Python's `datetime.fromisoformat` does (the forms listed above).
    /// - Throws: `RuntimeError(.invalidValue)` when the text is not such a date or datetime.
    public init(isoText: String) throws {
        guard let parsed = RuntimeDateTime.parse(Array(isoText.utf8)) else {
            throw RuntimeError(.invalidValue, "not an ISO 8601 datetime: \(isoText.prefix(64))")
        }
        self = RuntimeDateTime(copying: parsed, text: isoText)
    }

    /// Represents `date` as an aware UTC datetime, written as Python writes one
    /// (`2022-01-02T03:04:05+00:00`, with `.ffffff` when there are microseconds).
    /// Dates outside years 1…9999 (Python's range) are clamped to it.
    public init(_ date: Date) {
        let total = date.timeIntervalSince1970.isNaN ? 0 : min(max(date.timeIntervalSince1970, -62_135_596_800), 253_402_300_799)
        var seconds = Int64(total.rounded(.down))
        var micro = Int(((total - Double(seconds)) * 1_000_000).rounded())
        if micro >= 1_000_000 {
            micro -= 1_000_000
            seconds += 1
        }
        let (days, secondOfDay) = CivilDate.split(seconds: seconds)
        let (y, m, d) = CivilDate.date(days: days)
        var text = CivilDate.isoDateTime(seconds: seconds)
        if micro != 0 { text += "." + CivilDate.pad(micro, 6) }
        text += "+00:00"
        isoText = text
        year = y
        month = m
        day = d
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        microsecond = micro
        utcOffsetSeconds = 0
        isDateOnly = false
    }

    private init(copying other: RuntimeDateTime, text: String) {
        isoText = text
        year = other.year
        month = other.month
        day = other.day
        hour = other.hour
        minute = other.minute
        second = other.second
        microsecond = other.microsecond
        utcOffsetSeconds = other.utcOffsetSeconds
        isDateOnly = other.isDateOnly
    }

    private init(fields: [Int], offset: Int?, dateOnly: Bool) {
        isoText = ""
        year = fields[0]
        month = fields[1]
        day = fields[2]
        hour = fields[3]
        minute = fields[4]
        second = fields[5]
        microsecond = fields[6]
        utcOffsetSeconds = offset
        isDateOnly = dateOnly
    }

    /// Whether the datetime has no UTC offset (naive datetimes and plain dates).
    public var isNaive: Bool { utcOffsetSeconds == nil }

    /// The instant, when the text has a UTC offset; nil for a naive datetime or a plain date.
    public var date: Date? {
        guard let utcOffsetSeconds else { return nil }
        return date(assumingUTCOffset: utcOffsetSeconds)
    }

    /// The instant, reading a naive datetime as local time at `offset` seconds east of UTC
    /// (an aware datetime keeps its own offset).
    public func date(assumingUTCOffset offset: Int = 0) -> Date {
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(utcOffsetSeconds ?? offset)
        return Date(timeIntervalSince1970: Double(seconds) + Double(microsecond) / 1_000_000)
    }

    /// The ISO text.
    public var description: String { isoText }

    // MARK: - Parsing

    private static func parse(_ u: [UInt8]) -> RuntimeDateTime? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= u.count else { return nil }
            var value = 0
            for k in index..<index + count {
                guard u[k] >= 0x30, u[k] <= 0x39 else { return nil }
                value = value * 10 + Int(u[k] - 0x30)
            }
            index += count
            return value
        }
        func take(_ c: UInt8) -> Bool {
            guard index < u.count, u[index] == c else { return false }
            index += 1
            return true
        }
        func fraction() -> Int? {
            let start = index
            var value = 0
            var count = 0
            while index < u.count, u[index] >= 0x30, u[index] <= 0x39 {
                if count < 6 { value = value * 10 + Int(u[index] - 0x30) }
                count += 1
                index += 1
            }
            guard index > start else { return nil }
            for _ in count..<max(count, 6) { value *= 10 }
            return value
        }
        guard let y = digits(4), take(UInt8(ascii: "-")), let mo = digits(2), take(UInt8(ascii: "-")), let d = digits(2) else { return nil }
        guard y >= 1, (1...12).contains(mo), d >= 1, d <= CivilDate.daysInMonth(year: y, month: mo) else { return nil }
        var fields = [y, mo, d, 0, 0, 0, 0]
        if index == u.count { return RuntimeDateTime(fields: fields, offset: nil, dateOnly: true) }
        guard take(UInt8(ascii: "T")) || take(UInt8(ascii: " ")) else { return nil }
        guard let h = digits(2), h < 24 else { return nil }
        fields[3] = h
        if take(UInt8(ascii: ":")) {
            guard let mi = digits(2), mi < 60 else { return nil }
            fields[4] = mi
            if take(UInt8(ascii: ":")) {
                guard let s = digits(2), s < 60 else { return nil }
                fields[5] = s
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    guard let f = fraction() else { return nil }
                    fields[6] = f
                }
            }
        }
        var offset: Int?
        if take(UInt8(ascii: "Z")) {
            offset = 0
        } else if index < u.count, u[index] == UInt8(ascii: "+") || u[index] == UInt8(ascii: "-") {
            let sign = u[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let oh = digits(2), oh < 24 else { return nil }
            _ = take(UInt8(ascii: ":"))
            guard let om = digits(2), om < 60 else { return nil }
            var seconds = oh * 3600 + om * 60
            if take(UInt8(ascii: ":")) {
                guard let os = digits(2), os < 60 else { return nil }
                seconds += os
                if take(UInt8(ascii: ".")) { guard fraction() != nil else { return nil } }
            }
            offset = sign * seconds
        }
        guard index == u.count else { return nil }
        return RuntimeDateTime(fields: fields, offset: offset, dateOnly: false)
    }
}
