/// The CRN of an IBM Cloud Qiskit Runtime instance, checked once: sent as the `Service-CRN`
/// header, and the source of the region that picks the service URL (PROTOCOL §1.4, §1.6).
///
/// A CRN has colon-separated fields, `crn:v1:bluemix:public:quantum-computing:<region>:a/<account>:<instance>::`;
/// the region is the sixth.
struct InstanceCRN: Sendable, Hashable, CustomStringConvertible {
    /// The CRN as given (surrounding whitespace removed).
    let text: String

    /// Checks that `text` can be sent as a header value: not empty, no control characters.
    init(_ text: String) throws {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw RuntimeError(.invalidConfiguration, "the instance CRN is empty")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RuntimeError(.invalidConfiguration, "the instance CRN contains control characters")
        }
        self.text = trimmed
    }

    /// The region (sixth field). Throws `.invalidConfiguration` for a CRN that does not start with
    /// `crn:`, has fewer than six fields, or whose region is empty or not a host label
    /// (letters, digits and `-`).
    func region() throws -> String {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 6, fields[0].lowercased() == "crn" else {
            throw RuntimeError(
                .invalidConfiguration,
                "malformed instance CRN \(text): expected crn:v1:bluemix:public:quantum-computing:<region>:…")
        }
        let region = fields[5].lowercased()
        guard !region.isEmpty else {
            throw RuntimeError(.invalidConfiguration, "the instance CRN \(text) names no region (sixth field)")
        }
        let isLabel = region.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        }
        guard isLabel, region.first != "-", region.last != "-" else {
            throw RuntimeError(.invalidConfiguration, "the instance CRN \(text) has an invalid region \(region)")
        }
        return region
    }

    /// The service URL of the CRN's region: `https://quantum.cloud.ibm.com/api/v1` for `us-east`,
    /// else `https://<region>.quantum.cloud.ibm.com/api/v1`.
    func serviceURL() throws -> String {
        let region = try region()
        if region == "us-east" { return "https://quantum.cloud.ibm.com/api/v1" }
        return "https://\(region).quantum.cloud.ibm.com/api/v1"
    }

    var description: String { text }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
