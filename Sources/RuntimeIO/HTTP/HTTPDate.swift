#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuntimeWire

/// Formats IMF-fixdate timestamps for the `Date` header (RFC 9110 §5.6.7), such as
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    static func now() -> String {
        format(secondsSince1970: Int(Date().timeIntervalSince1970))
    }

    static func format(secondsSince1970 seconds: Int) -> String {
        CivilDate.imfFixdate(seconds: Int64(seconds))
    }
}
