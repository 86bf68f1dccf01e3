/// Parses HTTP/1.1 request and response heads from a byte buffer.
///
/// The parsers are pure and incremental in the simplest way: they return `nil` while the blank
/// line that ends the head has not arrived, and the number of bytes the head took once it has
/// (the body or the next message starts right after). Line endings are CRLF; a bare LF is
/// accepted as a line ending too (RFC 9112 §2.2 allows it), a bare CR is not. Obsolete line
/// folding, whitespace before a field's colon and control characters are rejected.
/// Error offsets count from the first byte of `bytes`.
package enum HTTPHeadParser {
    /// Parses a request head.
    /// - Returns: the head and how many bytes it took, or `nil` if more bytes are needed.
    /// - Throws: `WireError(.invalidHTTP)` for a malformed head,
    ///   `WireError(.messageTooLarge)` when the head exceeds ``HTTPLimits/maxHeadBytes`` or
    ///   has more than ``HTTPLimits/maxHeaderCount`` fields.
    package static func parseRequestHead(
        _ bytes: ArraySlice<UInt8>, limits: HTTPLimits
    ) throws -> (head: HTTPRequestHead, consumed: Int)? {
        // RFC 9112 §2.2: ignore empty lines received before the request line.
        var start = bytes.startIndex
        while start < bytes.endIndex, start - bytes.startIndex < limits.maxHeadBytes {
            if bytes[start] == 0x0A {
                start += 1
            } else if bytes[start] == 0x0D, start + 1 < bytes.endIndex, bytes[start + 1] == 0x0A {
                start += 2
            } else if bytes[start] == 0x0D, start + 1 == bytes.endIndex {
                return nil
            } else {
                break
            }
        }
        guard let lines = try splitHead(bytes, from: start, limits: limits) else { return nil }
        let base = bytes.startIndex
        guard let first = lines.lines.first else {
            throw WireError(.invalidHTTP, "empty request head", offset: start - base)
        }
        let head = try parseRequestLine(bytes, first, base: base)
        var request = HTTPRequestHead(method: head.method, target: head.target, version: head.version)
        request.headers = try parseFields(bytes, lines.lines.dropFirst(), base: base, limits: limits)
        let hosts = request.headers.values("Host")
        if hosts.count > 1 || (hosts.isEmpty && request.version.minor >= 1) {
            throw WireError(.invalidHTTP, "an HTTP/1.1 request needs exactly one Host field", offset: first.lowerBound - base)
        }
        return (request, lines.end - base)
    }

    /// Parses a response head.
    /// - Returns: the head and how many bytes it took, or `nil` if more bytes are needed.
    /// - Throws: as ``parseRequestHead(_:limits:)``.
    package static func parseResponseHead(
        _ bytes: ArraySlice<UInt8>, limits: HTTPLimits
    ) throws -> (head: HTTPResponseHead, consumed: Int)? {
        guard let lines = try splitHead(bytes, from: bytes.startIndex, limits: limits) else { return nil }
        let base = bytes.startIndex
        guard let first = lines.lines.first, !first.isEmpty else {
            throw WireError(.invalidHTTP, "empty status line", offset: 0)
        }
        var response = try parseStatusLine(bytes, first, base: base)
        response.headers = try parseFields(bytes, lines.lines.dropFirst(), base: base, limits: limits)
        return (response, lines.end - base)
    }

    // MARK: - Lines

    /// Finds the blank line ending the head that starts at `start` and returns the ranges of the
    /// lines before it (terminators excluded) and the index just past the blank line.
    private static func splitHead(
        _ bytes: ArraySlice<UInt8>, from start: Int, limits: HTTPLimits
    ) throws -> (lines: [Range<Int>], end: Int)? {
        let base = bytes.startIndex
        let limitEnd = base + max(limits.maxHeadBytes, 0)
        var lines: [Range<Int>] = []
        var lineStart = start
        var index = start
        while index < bytes.endIndex {
            if index >= limitEnd {
                throw WireError(
                    .messageTooLarge, "the header section exceeds \(limits.maxHeadBytes) bytes", offset: index - base)
            }
            let byte = bytes[index]
            if byte == 0x0A {
                var lineEnd = index
                if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd == lineStart {
                    return (lines, index + 1)
                }
                lines.append(lineStart..<lineEnd)
                if lines.count > limits.maxHeaderCount + 1 {
                    throw WireError(
                        .messageTooLarge, "more than \(limits.maxHeaderCount) header fields", offset: lineStart - base)
                }
                lineStart = index + 1
            } else if byte == 0x0D {
                // A CR must be followed by LF.
                if index + 1 < bytes.endIndex, bytes[index + 1] != 0x0A {
                    throw WireError(.invalidHTTP, "bare CR in the head", offset: index - base)
                }
            } else if byte == 0x00 {
                throw WireError(.invalidHTTP, "NUL byte in the head", offset: index - base)
            }
            index += 1
        }
        return nil
    }

    // MARK: - Start lines

    private static func parseRequestLine(
        _ bytes: ArraySlice<UInt8>, _ line: Range<Int>, base: Int
    ) throws -> (method: String, target: String, version: HTTPVersion) {
        guard let firstSpace = bytes[line].firstIndex(of: 0x20) else {
            throw WireError(.invalidHTTP, "request line without spaces", offset: line.lowerBound - base)
        }
        let method = line.lowerBound..<firstSpace
        guard !method.isEmpty else {
            throw WireError(.invalidHTTP, "empty method", offset: line.lowerBound - base)
        }
        for index in method where !isTokenByte(bytes[index]) {
            throw WireError(.invalidHTTP, "invalid byte in the method", offset: index - base)
        }
        let rest = (firstSpace + 1)..<line.upperBound
        guard let secondSpace = bytes[rest].firstIndex(of: 0x20) else {
            throw WireError(.invalidHTTP, "request line without a version", offset: firstSpace - base)
        }
        let target = rest.lowerBound..<secondSpace
        guard !target.isEmpty else {
            throw WireError(.invalidHTTP, "empty request target", offset: rest.lowerBound - base)
        }
        for index in target where !(0x21...0x7E).contains(bytes[index]) {
            throw WireError(.invalidHTTP, "invalid byte in the request target", offset: index - base)
        }
        let version = try parseVersion(bytes, (secondSpace + 1)..<line.upperBound, base: base)
        return (ascii(bytes[method]), ascii(bytes[target]), version)
    }

    private static func parseStatusLine(
        _ bytes: ArraySlice<UInt8>, _ line: Range<Int>, base: Int
    ) throws -> HTTPResponseHead {
        let versionEnd = bytes[line].firstIndex(of: 0x20) ?? line.upperBound
        let version = try parseVersion(bytes, line.lowerBound..<versionEnd, base: base)
        let codeStart = versionEnd + 1
        guard codeStart + 3 <= line.upperBound else {
            throw WireError(.invalidHTTP, "status line without a status code", offset: min(codeStart, line.upperBound) - base)
        }
        var status = 0
        for index in codeStart..<(codeStart + 3) {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else {
                throw WireError(.invalidHTTP, "invalid status code", offset: index - base)
            }
            status = status * 10 + Int(byte - 0x30)
        }
        guard status >= 100 else {
            throw WireError(.invalidHTTP, "status code below 100", offset: codeStart - base)
        }
        var reason = ""
        let afterCode = codeStart + 3
        if afterCode < line.upperBound {
            guard bytes[afterCode] == 0x20 else {
                throw WireError(.invalidHTTP, "status code not followed by a space", offset: afterCode - base)
            }
            let reasonRange = (afterCode + 1)..<line.upperBound
            for index in reasonRange where !isFieldValueByte(bytes[index]) {
                throw WireError(.invalidHTTP, "invalid byte in the reason phrase", offset: index - base)
            }
            reason = String(decoding: bytes[reasonRange], as: UTF8.self)
        }
        return HTTPResponseHead(status: status, reason: reason, version: version)
    }

    private static func parseVersion(_ bytes: ArraySlice<UInt8>, _ range: Range<Int>, base: Int) throws -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard range.count == 8, bytes[range].starts(with: prefix),
            isDigit(bytes[range.lowerBound + 5]), bytes[range.lowerBound + 6] == 0x2E, isDigit(bytes[range.lowerBound + 7])
        else {
            throw WireError(.invalidHTTP, "invalid HTTP version", offset: range.lowerBound - base)
        }
        let major = Int(bytes[range.lowerBound + 5] - 0x30)
        let minor = Int(bytes[range.lowerBound + 7] - 0x30)
        guard major == 1 else {
            throw WireError(.invalidHTTP, "unsupported HTTP version \(major).\(minor)", offset: range.lowerBound - base)
        }
        return HTTPVersion(major: major, minor: minor)
    }

    // MARK: - Fields

    private static func parseFields(
        _ bytes: ArraySlice<UInt8>, _ lines: ArraySlice<Range<Int>>, base: Int, limits: HTTPLimits
    ) throws -> HTTPHeaders {
        if lines.count > limits.maxHeaderCount {
            throw WireError(.messageTooLarge, "more than \(limits.maxHeaderCount) header fields", offset: lines.first.map { $0.lowerBound - base })
        }
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(lines.count)
        for line in lines {
            fields.append(try parseField(bytes, line, base: base))
        }
        return HTTPHeaders(fields)
    }

    /// Parses one `name: value` line (terminator excluded). Shared with the chunked trailer parser.
    static func parseField(_ bytes: ArraySlice<UInt8>, _ line: Range<Int>, base: Int) throws -> (name: String, value: String) {
        guard let first = line.first else {
            throw WireError(.invalidHTTP, "empty header line", offset: line.lowerBound - base)
        }
        if bytes[first] == 0x20 || bytes[first] == 0x09 {
            throw WireError(.invalidHTTP, "obsolete line folding is not accepted", offset: first - base)
        }
        guard let colon = bytes[line].firstIndex(of: 0x3A) else {
            throw WireError(.invalidHTTP, "header line without a colon", offset: first - base)
        }
        guard colon > first else {
            throw WireError(.invalidHTTP, "empty header name", offset: first - base)
        }
        for index in first..<colon where !isTokenByte(bytes[index]) {
            throw WireError(.invalidHTTP, "invalid byte in a header name", offset: index - base)
        }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        for index in valueStart..<valueEnd where !isFieldValueByte(bytes[index]) {
            throw WireError(.invalidHTTP, "invalid byte in a header value", offset: index - base)
        }
        return (ascii(bytes[first..<colon]), String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self))
    }

    // MARK: - Bytes

    private static func ascii(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// VCHAR, obs-text, SP and HTAB.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }
}
