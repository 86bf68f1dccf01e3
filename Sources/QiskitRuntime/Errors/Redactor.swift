/// Removes secrets from text before it goes into an error, a log line or a description.
struct Redactor: Sendable {
    /// The secrets to remove; empty ones are ignored.
    var secrets: [String]

    /// `text` with every occurrence of every secret replaced by `...` (as the Python client does).
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = Self.replacing(secret, in: result)
        }
        return result
    }

    private static func replacing(_ needle: String, in haystack: String) -> String {
        let hay = Array(haystack.utf8)
        let pin = Array(needle.utf8)
        guard pin.count <= hay.count else { return haystack }
        var out: [UInt8] = []
        out.reserveCapacity(hay.count)
        var i = 0
        var changed = false
        while i < hay.count {
            if i + pin.count <= hay.count, hay[i] == pin[0], hay[i..<i + pin.count].elementsEqual(pin) {
                out.append(contentsOf: "...".utf8)
                i += pin.count
                changed = true
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : haystack
    }
}
