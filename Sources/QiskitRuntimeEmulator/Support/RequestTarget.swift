/// A request target split into percent-decoded path segments and query parameters.
///
/// The path is split on `/` before decoding, so an escaped slash (`%2F`) stays inside its segment
/// (job and program ids are percent-escaped by clients). Query names and values are decoded, `+`
/// included as a space.
struct RequestTarget: Sendable {
    var segments: [String]
    var query: [(name: String, value: String)]

    init(_ target: String) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? ""
        segments = path.split(separator: "/", omittingEmptySubsequences: true).map {
            Self.percentDecode(Substring($0), plusIsSpace: false)
        }
        query = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&", omittingEmptySubsequences: true) {
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.percentDecode(nameValue[0], plusIsSpace: true)
                let value = nameValue.count > 1 ? Self.percentDecode(nameValue[1], plusIsSpace: true) : ""
                query.append((name, value))
            }
        }
    }

    /// The last value of query parameter `name`.
    func queryValue(_ name: String) -> String? {
        query.last(where: { $0.name == name })?.value
    }

    /// Every value of a repeated query parameter (`tags=a&tags=b`), in order.
    func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusIsSpace && b == UInt8(ascii: "+") ? 0x20 : b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
