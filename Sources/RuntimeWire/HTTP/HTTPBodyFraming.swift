/// How the body of an HTTP/1.1 message is delimited (RFC 9112 §6).
package enum HTTPBodyFraming: Sendable, Hashable {
    /// The message has no body.
    case none
    /// The body is exactly this many bytes.
    case contentLength(Int)
    /// The body uses chunked transfer coding; see ``HTTPChunkedDecoder``.
    case chunked
    /// The body runs until the server closes the connection (responses only).
    case untilClose

    /// The framing of a request body.
    ///
    /// A request with both `Transfer-Encoding` and `Content-Length`, with a transfer coding other
    /// than `chunked`, with `Transfer-Encoding` in HTTP/1.0, or with conflicting or malformed
    /// `Content-Length` values is rejected (these are the request-smuggling shapes).
    /// - Throws: `WireError(.invalidHTTP)`, or `WireError(.messageTooLarge)` when the
    ///   declared length exceeds ``HTTPLimits/maxBodyBytes``.
    package static func request(_ head: HTTPRequestHead, limits: HTTPLimits) throws -> HTTPBodyFraming {
        let codings = try transferCodings(head.headers)
        let length = try contentLength(head.headers)
        if !codings.isEmpty {
            if length != nil {
                throw WireError(.invalidHTTP, "both Transfer-Encoding and Content-Length")
            }
            if head.version == .http10 {
                throw WireError(.invalidHTTP, "Transfer-Encoding in an HTTP/1.0 request")
            }
            guard codings == ["chunked"] else {
                throw WireError(.invalidHTTP, "unsupported transfer coding \(codings.joined(separator: ", "))")
            }
            return .chunked
        }
        guard let length else { return .none }
        if length > limits.maxBodyBytes {
            throw WireError(.messageTooLarge, "request body of \(length) bytes exceeds \(limits.maxBodyBytes)")
        }
        return length == 0 ? .none : .contentLength(length)
    }

    /// The framing of a response body to a request with method `requestMethod`.
    ///
    /// Responses to `HEAD` and with status 1xx, 204 or 304 have no body. A response with both
    /// `Transfer-Encoding` and `Content-Length` is rejected as malformed.
    /// - Throws: as ``request(_:limits:)``.
    package static func response(_ head: HTTPResponseHead, requestMethod: String, limits: HTTPLimits) throws -> HTTPBodyFraming {
        if requestMethod == "HEAD" || (100..<200).contains(head.status) || head.status == 204 || head.status == 304 {
            return .none
        }
        let codings = try transferCodings(head.headers)
        let length = try contentLength(head.headers)
        if !codings.isEmpty {
            if length != nil {
                throw WireError(.invalidHTTP, "both Transfer-Encoding and Content-Length")
            }
            if head.version == .http10 { return .untilClose }
            if codings.last == "chunked" {
                guard codings.count == 1 else {
                    throw WireError(.invalidHTTP, "unsupported transfer coding \(codings.joined(separator: ", "))")
                }
                return .chunked
            }
            return .untilClose
        }
        guard let length else { return .untilClose }
        if length > limits.maxBodyBytes {
            throw WireError(.messageTooLarge, "response body of \(length) bytes exceeds \(limits.maxBodyBytes)")
        }
        return length == 0 ? .none : .contentLength(length)
    }

    /// The lower-cased transfer codings named by every `Transfer-Encoding` field, in order.
    private static func transferCodings(_ headers: HTTPHeaders) throws -> [String] {
        var codings: [String] = []
        for value in headers.values("Transfer-Encoding") {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let coding = part.trimmingSpaces
                guard !coding.isEmpty else {
                    throw WireError(.invalidHTTP, "empty transfer coding")
                }
                codings.append(coding.lowercased())
            }
        }
        if codings.dropLast().contains("chunked") {
            throw WireError(.invalidHTTP, "chunked is not the last transfer coding")
        }
        return codings
    }

    /// The value of `Content-Length`: every field and list member must be the same decimal number.
    static func contentLength(_ headers: HTTPHeaders) throws -> Int? {
        var result: Int?
        for value in headers.values("Content-Length") {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = part.trimmingSpaces.utf8
                guard !digits.isEmpty else {
                    throw WireError(.invalidHTTP, "empty Content-Length")
                }
                var number = 0
                for byte in digits {
                    guard HTTPHeadParser.isDigit(byte) else {
                        throw WireError(.invalidHTTP, "Content-Length is not a decimal number")
                    }
                    let (times, overflow1) = number.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
                    guard !overflow1, !overflow2 else {
                        throw WireError(.invalidHTTP, "Content-Length is too large")
                    }
                    number = sum
                }
                if let result, result != number {
                    throw WireError(.invalidHTTP, "conflicting Content-Length values")
                }
                result = number
            }
        }
        return result
    }
}
