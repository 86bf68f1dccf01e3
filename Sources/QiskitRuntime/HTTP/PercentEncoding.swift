/// Percent-escaping of path segments and query components (RFC 3986): everything but the
/// unreserved characters `A–Z a–z 0–9 - . _ ~` is written as `%XX` of its UTF-8 bytes, so that an
/// id such as `a/b?c` stays one path segment.
enum PercentEncoding {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return out
    }

    /// `/seg1/seg2…` with each segment escaped.
    static func path(_ segments: [String]) -> String {
        segments.map { "/" + escape($0) }.joined()
    }

    /// `?k=v&k2=v2` with keys and values escaped, or `""` when there is nothing.
    static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}
