extension RuntimeConfiguration {
    /// The credentials of a user and the way to reach the service with them.
    ///
    /// An `Account` never reveals its secret: `description`, `debugDescription`, `dump` and
    /// `Mirror` show only the kind of account and its URLs.
    public enum Account: Sendable {
        /// The legacy IBM Quantum flow: the API token is exchanged for an access token at
        /// `authURL` (`POST /users/loginWithToken`), and the runtime URL is discovered from
        /// `GET /users/me`. A 401 from the service triggers one fresh login.
        case legacyToken(String, authURL: String = "https://auth.quantum-computing.ibm.com/api")
        /// An access token used as is against a known runtime URL (the emulator, tests). No login
        /// happens and a 401 is final.
        case accessToken(String, runtimeURL: String)
        // A later issue adds `.ibmCloud(apiKey:instanceCRN:)` (PROTOCOL §1.6).

        /// The secret of this account.
        var secret: String {
            switch self {
            case .legacyToken(let token, _), .accessToken(let token, _): return token
            }
        }
    }
}

extension RuntimeConfiguration.Account: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of account and its URL, without the token.
    public var description: String {
        switch self {
        case .legacyToken(_, let authURL): return "legacyToken(<redacted>, authURL: \(authURL))"
        case .accessToken(_, let runtimeURL): return "accessToken(<redacted>, runtimeURL: \(runtimeURL))"
        }
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that shows the URL and hides the token.
    public var customMirror: Mirror {
        switch self {
        case .legacyToken(_, let authURL):
            return Mirror(self, children: ["token": "<redacted>", "authURL": authURL], displayStyle: .enum)
        case .accessToken(_, let runtimeURL):
            return Mirror(self, children: ["token": "<redacted>", "runtimeURL": runtimeURL], displayStyle: .enum)
        }
    }
}
