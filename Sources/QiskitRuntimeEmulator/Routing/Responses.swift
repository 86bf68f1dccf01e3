import RuntimeIO
import RuntimeWire

/// Builders of the emulator's responses and error bodies (PROTOCOL.md §7.3).
enum Responses {
    static let moreInfo = "https://cloud.ibm.com/apidocs/quantum-computing#error-handling"

    /// Bodies larger than this are streamed rather than built whole (see `RequestPipeline.streamed(_:)`).
    static let streamingThreshold = 256 * 1024

    /// The status and headers of a streamed 200 answer.
    static func streamHead(contentType: String) -> HTTPServerResponse {
        HTTPServerResponse(status: 200, headers: HTTPHeaders([("Content-Type", contentType)]))
    }

    static func json(_ status: Int, _ value: JSONValue) -> HTTPServerResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        return HTTPServerResponse(status: status, headers: headers, body: JSONWriter.writeBytes(value, style: .compact))
    }

    static func text(_ status: Int, _ text: String, contentType: String) -> HTTPServerResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        return HTTPServerResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    static func empty(_ status: Int) -> HTTPServerResponse {
        HTTPServerResponse(status: status)
    }

    /// The runtime service's error container: `{"errors":[{code,message,more_info}],"trace"}`.
    /// A numbered code (`numericCode`) is written as an integer, as the v1 API does.
    static func runtimeError(_ status: Int, code: String, numericCode: Int? = nil, message: String, trace: String) -> HTTPServerResponse {
        json(status, .object([
            JSONMember("errors", .array([.object([
                JSONMember("code", numericCode.map { .integer(Int64($0)) } ?? .string(code)),
                JSONMember("message", .string(message)),
                JSONMember("more_info", .string(moreInfo)),
            ])])),
            JSONMember("trace", .string(trace)),
        ]))
    }

    /// The legacy IBM Quantum API's error object: `{"error":{name,message,code,statusCode}}`;
    /// `code` is the service's numbered code when there is one, else the status.
    static func legacyError(_ status: Int, name: String, message: String, code: Int? = nil) -> HTTPServerResponse {
        json(status, .object([
            JSONMember("error", .object([
                JSONMember("name", .string(name)),
                JSONMember("message", .string(message)),
                JSONMember("code", .integer(Int64(code ?? status))),
                JSONMember("statusCode", .integer(Int64(status))),
            ])),
        ]))
    }

    /// A body cut in the middle, so that it is no longer valid JSON (`{` for an empty body).
    static func malformed(_ body: [UInt8]) -> [UInt8] {
        guard body.count > 1 else { return Array("{".utf8) }
        return Array(body[0..<(body.count / 2)])
    }

    /// The `errors[0].code` used for an injected status.
    static func faultCode(_ status: Int) -> String {
        switch status {
        case 500: return "internal_error"
        case 502: return "bad_gateway"
        case 503: return "service_unavailable"
        case 504: return "gateway_timeout"
        case 429: return "rate_limited"
        default: return "injected_fault"
        }
    }
}
