/// A bearer token issued by the local IAM endpoint, with the fields of its JSON answer.
struct IAMToken: Sendable, Hashable {
    var accessToken: String
    var refreshToken: String
    /// `expires_in`, in microseconds.
    var lifetime: Int64
    /// The instant the token expires, in microseconds since 1970 (`expiration` is its seconds).
    var expiresAt: Int64
}
