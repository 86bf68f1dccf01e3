#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuntimeWire

/// Reads the service's timestamps: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, any number of
/// fraction digits (the service sends `2022-01-24T15:53:38.68766Z`).
enum ISO8601Date {
    static func parse(_ text: String) -> Date? {
        guard let (seconds, fraction) = CivilDate.parseISO8601(text) else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
