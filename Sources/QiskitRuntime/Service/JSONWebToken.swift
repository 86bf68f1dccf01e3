import RuntimeWire

/// The claims the SDK reads from an IBM Cloud IAM access token, which is a JSON Web Token
/// (RFC 7519): three base64url parts, `header.payload.signature`. Only the payload's integer
/// `iat` (issued at) and `exp` (expires at), in seconds since 1970, are read; the signature is
/// not checked (the token is only handed back to the service that issued it).
struct JSONWebToken: Sendable, Equatable {
    /// `iat`, when present.
    let issuedAt: Int64?
    /// `exp`, when present.
    let expiresAt: Int64?

    /// Reads `token`; `nil` when it is not three dot-separated base64url parts whose middle one is
    /// a JSON object (an opaque token).
    init?(_ token: String) {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, parts[1].count <= 64 * 1024,
              let payload = Self.base64URLDecode(parts[1]),
              let json = try? JSONParser.parse(payload), json.objectValue != nil
        else { return nil }
        issuedAt = Self.seconds(json["iat"])
        expiresAt = Self.seconds(json["exp"])
    }

    /// `exp − iat`: how long the issuer made the token valid for; `nil` without both claims or
    /// when `exp` is not after `iat`.
    var lifetime: Duration? {
        guard let issuedAt, let expiresAt, expiresAt > issuedAt else { return nil }
        let (seconds, overflow) = expiresAt.subtractingReportingOverflow(issuedAt)
        return overflow ? nil : .seconds(seconds)
    }

    /// Base64url without padding (RFC 4648 §5) as the strict standard decoder reads it: `-` and
    /// `_` mapped to `+` and `/`, `=` padding added. Text that already has padding or
    /// standard-alphabet characters is refused.
    static func base64URLDecode(_ text: Substring.UTF8View) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count + 3)
        for byte in text {
            switch byte {
            case UInt8(ascii: "-"): bytes.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): bytes.append(UInt8(ascii: "/"))
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return nil
            default: bytes.append(byte)
            }
        }
        switch bytes.count % 4 {
        case 1: return nil
        case 2: bytes += [UInt8(ascii: "="), UInt8(ascii: "=")]
        case 3: bytes.append(UInt8(ascii: "="))
        default: break
        }
        return try? Base64.decode(bytes)
    }

    private static func seconds(_ value: JSONValue?) -> Int64? {
        switch value {
        case .integer(let i)?: return i
        case .double(let d)? where d.isFinite && d.rounded() == d && abs(d) < 1e15: return Int64(d)
        default: return nil
        }
    }
}
