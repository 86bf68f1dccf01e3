/// An `application/x-www-form-urlencoded` body: `name=value` pairs joined by `&`, names and
/// values percent-decoded with `+` as a space.
struct FormBody: Sendable {
    var fields: [(name: String, value: String)]

    init(_ bytes: [UInt8]) {
        fields = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let text = String(decoding: pair, as: UTF8.self)
            let nameValue = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = nameValue.first else { continue }
            let name = RequestTarget.percentDecode(rawName, plusIsSpace: true)
            let value = nameValue.count > 1 ? RequestTarget.percentDecode(nameValue[1], plusIsSpace: true) : ""
            fields.append((name, value))
        }
    }

    /// The last value of field `name`.
    func value(_ name: String) -> String? {
        fields.last(where: { $0.name == name })?.value
    }
}
