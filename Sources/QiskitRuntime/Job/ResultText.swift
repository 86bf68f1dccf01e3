/// The raw body of `GET /jobs/{id}/results`, kept as the bytes that arrived: the SDK's own
/// decoders parse them in place, so a large result costs its own size in memory once, not again
/// as a `String` copy. ``text`` makes the string a ``ResultDecoder`` of yours receives.
struct ResultText: Sendable, Equatable, ExpressibleByStringLiteral {
    /// The body as received (UTF-8 text, as far as the service is concerned).
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    init(stringLiteral text: String) {
        bytes = Array(text.utf8)
    }

    /// The body as text (invalid UTF-8 replaced by U+FFFD, as `String(decoding:as:)` does).
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
