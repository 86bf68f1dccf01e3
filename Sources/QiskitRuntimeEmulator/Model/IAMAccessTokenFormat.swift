import RuntimeWire

/// The form of the access tokens the local IAM endpoint issues: JWTs, as IBM Cloud IAM's are
/// (PLATFORM.md §1) — three base64url parts without padding, `header.payload.signature`. The
/// payload has integer `iat` and `exp` (seconds since 1970) and IAM's identity claims; the
/// signature is random bytes (clients decode the token without verifying it).
enum IAMAccessTokenFormat {
    /// A token issued at `issuedAt` and expiring at `expiresAt` (microseconds since 1970);
    /// `entropy` makes it unique (it becomes `jti` and the signature).
    static func token(issuedAt: Int64, expiresAt: Int64, entropy: String) -> String {
        let header: JSONValue = .fields([("kid", .string("emulator-1")), ("alg", .string("RS256"))])
        let payload: JSONValue = .fields([
            ("iam_id", .string("iam-ServiceId-emulator")),
            ("id", .string("iam-ServiceId-emulator")),
            ("realmid", .string("iam")),
            ("jti", .string(String(entropy.prefix(32)))),
            ("identifier", .string("ServiceId-emulator")),
            ("name", .string("qiskit-runtime-emulator")),
            ("sub", .string("ServiceId-emulator")),
            ("sub_type", .string("ServiceId")),
            ("account", .fields([("valid", .bool(true)), ("bss", .string("emulator"))])),
            ("iat", .integer(issuedAt / 1_000_000)),
            ("exp", .integer(expiresAt / 1_000_000)),
            ("iss", .string("https://iam.cloud.ibm.com/identity")),
            ("grant_type", .string("urn:ibm:params:oauth:grant-type:apikey")),
            ("scope", .string("ibm openid")),
            ("client_id", .string("default")),
        ])
        return [
            base64URL(JSONWriter.writeBytes(header, style: .compact)),
            base64URL(JSONWriter.writeBytes(payload, style: .compact)),
            base64URL(Array(entropy.utf8)),
        ].joined(separator: ".")
    }

    /// Base64url without padding (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = ""
        for character in Base64.encode(bytes) {
            switch character {
            case "+": text.append("-")
            case "/": text.append("_")
            case "=": continue
            default: text.append(character)
            }
        }
        return text
    }
}
