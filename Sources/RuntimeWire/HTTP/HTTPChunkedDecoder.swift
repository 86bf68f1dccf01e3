/// Incremental decoder of a chunked body (RFC 9112 §7.1).
///
/// Feed it bytes as they arrive with ``decode(_:into:)``: it appends the payload to `body` and
/// returns how many input bytes it consumed. It consumes only whole chunk-size and trailer lines,
/// so the caller keeps the unconsumed tail and passes it again with more bytes. Once
/// ``isComplete``, the bytes after the consumed count belong to the next message. Chunk
/// extensions are accepted and ignored; trailer fields are collected in ``trailers``. Chunk sizes
/// that overflow or exceed the body limit are errors, never traps. Error offsets count from the
/// first byte of the chunked body.
package struct HTTPChunkedDecoder: Sendable {
    private enum State: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    private var state: State = .size
    private let limits: HTTPLimits
    /// Payload bytes produced so far.
    package private(set) var bodyBytes = 0
    /// Input bytes consumed so far (the base of error offsets).
    package private(set) var consumedBytes = 0
    private var trailerBytes = 0
    /// The trailer fields, once ``isComplete``.
    package private(set) var trailers = HTTPHeaders()

    package init(limits: HTTPLimits) {
        self.limits = limits
    }

    /// Whether the final chunk and the trailer section have been decoded.
    package var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Decodes as much of `input` as possible, appending the payload to `body`.
    /// - Returns: the number of bytes of `input` consumed.
    /// - Throws: `WireError(.invalidHTTP)` for bad framing, `WireError(.messageTooLarge)`
    ///   when the body exceeds ``HTTPLimits/maxBodyBytes`` or the trailers exceed the head limits.
    package mutating func decode(_ input: ArraySlice<UInt8>, into body: inout [UInt8]) throws -> Int {
        var index = input.startIndex
        defer { consumedBytes += index - input.startIndex }
        func offset(_ at: Int) -> Int { consumedBytes + (at - input.startIndex) }
        loop: while index < input.endIndex {
            switch state {
            case .done:
                break loop
            case .size:
                guard let lineEnd = try findLineEnd(input, from: index, limit: limits.maxChunkLineBytes, offset: offset) else {
                    break loop
                }
                let size = try parseSizeLine(input, index..<lineEnd.contentEnd, offset: offset)
                index = lineEnd.next
                state = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let take = min(remaining, input.endIndex - index)
                body.append(contentsOf: input[index..<(index + take)])
                index += take
                bodyBytes += take
                state = remaining == take ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                let byte = input[index]
                if byte == 0x0A {
                    index += 1
                } else if byte == 0x0D {
                    guard index + 1 < input.endIndex else { break loop }
                    guard input[index + 1] == 0x0A else {
                        throw WireError(.invalidHTTP, "chunk data not followed by CRLF", offset: offset(index))
                    }
                    index += 2
                } else {
                    throw WireError(.invalidHTTP, "chunk data longer than its size", offset: offset(index))
                }
                state = .size
            case .trailer:
                let remainingBudget = limits.maxHeadBytes - trailerBytes
                guard let lineEnd = try findLineEnd(input, from: index, limit: remainingBudget, offset: offset) else {
                    break loop
                }
                trailerBytes += lineEnd.next - index
                if lineEnd.contentEnd == index {
                    index = lineEnd.next
                    state = .done
                    break loop
                }
                if trailers.fields.count >= limits.maxHeaderCount {
                    throw WireError(.messageTooLarge, "more than \(limits.maxHeaderCount) trailer fields", offset: offset(index))
                }
                for position in index..<lineEnd.contentEnd where input[position] == 0x0D || input[position] == 0x00 {
                    throw WireError(.invalidHTTP, "bare CR or NUL in a trailer field", offset: offset(position))
                }
                let field = try HTTPHeadParser.parseField(input, index..<lineEnd.contentEnd, base: input.startIndex - (consumedBytes))
                trailers.add(field.name, field.value)
                index = lineEnd.next
            }
        }
        return index - input.startIndex
    }

    /// Finds the LF ending the line at `start`: returns where its content ends (before an
    /// optional CR) and where the next line starts, or nil if the LF has not arrived yet.
    private func findLineEnd(
        _ input: ArraySlice<UInt8>, from start: Int, limit: Int, offset: (Int) -> Int
    ) throws -> (contentEnd: Int, next: Int)? {
        var index = start
        while index < input.endIndex {
            if index - start >= limit {
                throw WireError(.messageTooLarge, "chunk-size or trailer line too long", offset: offset(index))
            }
            if input[index] == 0x0A {
                let contentEnd = (index > start && input[index - 1] == 0x0D) ? index - 1 : index
                return (contentEnd, index + 1)
            }
            index += 1
        }
        return nil
    }

    /// Parses `1*HEXDIG [ BWS ; extensions ]` and checks the size against the body limit.
    private func parseSizeLine(_ input: ArraySlice<UInt8>, _ line: Range<Int>, offset: (Int) -> Int) throws -> Int {
        var index = line.lowerBound
        var size = 0
        while index < line.upperBound, let digit = Self.hexValue(input[index]) {
            let (times, overflow1) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else {
                throw WireError(.invalidHTTP, "chunk size overflows", offset: offset(index))
            }
            size = sum
            index += 1
        }
        guard index > line.lowerBound else {
            throw WireError(.invalidHTTP, "chunk size is not hexadecimal", offset: offset(index))
        }
        while index < line.upperBound, input[index] == 0x20 || input[index] == 0x09 { index += 1 }
        if index < line.upperBound {
            guard input[index] == 0x3B else {
                throw WireError(.invalidHTTP, "invalid byte after the chunk size", offset: offset(index))
            }
            for position in index..<line.upperBound where !HTTPHeadParser.isFieldValueByte(input[position]) {
                throw WireError(.invalidHTTP, "invalid byte in a chunk extension", offset: offset(position))
            }
        }
        if size > limits.maxBodyBytes - bodyBytes {
            throw WireError(.messageTooLarge, "chunked body exceeds \(limits.maxBodyBytes) bytes", offset: offset(line.lowerBound))
        }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
