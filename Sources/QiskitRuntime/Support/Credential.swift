/// A secret (API token or access token) that never shows itself: its `description`, `dump` and
/// `Mirror` print `<redacted>`.
struct Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret text, for the one header or body that needs it.
    let secret: String

    init(_ secret: String) { self.secret = secret }

    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
