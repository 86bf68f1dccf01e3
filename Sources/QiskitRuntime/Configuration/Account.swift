extension RuntimeConfiguration {
    /// The credentials of a user and the way to reach the service with them.
    ///
    /// An `Account` never reveals its secret: `description`, `debugDescription`, `dump` and
    /// `Mirror` show only the kind of account, its URLs and (for IBM Cloud) the instance CRN.
    ///
    /// See the guide `Docs/Accounts.md` for the two kinds of service this SDK speaks.
    public enum Account: Sendable {
        /// The legacy IBM Quantum flow: the API token is exchanged for an access token at
        /// `authURL` (`POST /users/loginWithToken`), and the runtime URL is discovered from
        /// `GET /users/me`. A 401 from the service triggers one fresh login.
        case legacyToken(String, authURL: String = "https://auth.quantum-computing.ibm.com/api")
        /// An access token used as is against a known runtime URL (the emulator, tests). No login
        /// happens and a 401 is final.
        case accessToken(String, runtimeURL: String)
        /// Today's IBM Quantum Platform on IBM Cloud (the `/api/v1` API).
        ///
        /// The API key is exchanged for a bearer token at `{iamURL}/identity/token`; the token is
        /// cached, renewed at 80 % of its lifetime, and renewed once more when the service answers
        /// 401. Every request carries `Authorization: Bearer …`, `Service-CRN: <instanceCRN>` and
        /// `IBM-API-Version`. This API has no interim-result stream (``supportsStreaming`` is
        /// `false`).
        ///
        /// - Parameters:
        ///   - apiKey: the IBM Cloud API key.
        ///   - instanceCRN: the CRN of the Qiskit Runtime instance, such as
        ///     `crn:v1:bluemix:public:quantum-computing:us-east:a/…:…::`. Its sixth field, the
        ///     region, picks the service URL when `serviceURL` is `nil`.
        ///   - iamURL: the IAM base URL; `/identity/token` is appended.
        ///   - serviceURL: the API base URL, used verbatim (for example a local emulator at
        ///     `http://127.0.0.1:PORT/api/v1`); `nil` derives it from the CRN's region:
        ///     `https://quantum.cloud.ibm.com/api/v1` for `us-east`, otherwise
        ///     `https://<region>.quantum.cloud.ibm.com/api/v1`.
        case ibmCloud(
            apiKey: String, instanceCRN: String, iamURL: String = "https://iam.cloud.ibm.com",
            serviceURL: String? = nil)

        /// The secret of this account.
        var secret: String {
            switch self {
            case .legacyToken(let token, _), .accessToken(let token, _): return token
            case .ibmCloud(let apiKey, _, _, _): return apiKey
            }
        }

        /// Whether this account speaks the IBM Cloud `/api/v1` API (bearer token, `Service-CRN`,
        /// no hub/group/project, no websocket).
        var usesCloudAPI: Bool {
            if case .ibmCloud = self { return true }
            return false
        }

        /// Whether the service behind this account streams interim results over a websocket.
        ///
        /// `false` for ``ibmCloud(apiKey:instanceCRN:iamURL:serviceURL:)``: there a job's
        /// interim-result stream delivers nothing and finishes, without an error, when the job
        /// reaches a final status; completion is detected by polling.
        public var supportsStreaming: Bool { !usesCloudAPI }
    }
}

extension RuntimeConfiguration.Account: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of account and its URLs, without the token or API key.
    public var description: String {
        switch self {
        case .legacyToken(_, let authURL): return "legacyToken(<redacted>, authURL: \(authURL))"
        case .accessToken(_, let runtimeURL): return "accessToken(<redacted>, runtimeURL: \(runtimeURL))"
        case .ibmCloud(_, let crn, let iamURL, let serviceURL):
            return "ibmCloud(apiKey: <redacted>, instanceCRN: \(crn), iamURL: \(iamURL), "
                + "serviceURL: \(serviceURL ?? "<from CRN>"))"
        }
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that shows the URLs and hides the token or API key.
    public var customMirror: Mirror {
        switch self {
        case .legacyToken(_, let authURL):
            return Mirror(self, children: ["token": "<redacted>", "authURL": authURL], displayStyle: .enum)
        case .accessToken(_, let runtimeURL):
            return Mirror(self, children: ["token": "<redacted>", "runtimeURL": runtimeURL], displayStyle: .enum)
        case .ibmCloud(_, let crn, let iamURL, let serviceURL):
            return Mirror(
                self,
                children: [
                    "apiKey": "<redacted>", "instanceCRN": crn, "iamURL": iamURL,
                    "serviceURL": serviceURL ?? "<from CRN>",
                ],
                displayStyle: .enum)
        }
    }
}
