/// Parses the Python dict literal of a `.npy` header, such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }`, tolerating any key order,
/// spacing, trailing commas, either quote character and trailing padding.
struct NPYHeaderParser {
    struct Header {
        var dtype: NPYDType
        var fortranOrder: Bool
        var shape: [Int]
    }

    private enum Literal {
        case string(String)
        case bool(Bool)
        case integer(Int)
        case tuple([Int])
    }

    private let bytes: [UInt8]
    private let baseOffset: Int
    private let utf8: Bool
    private var index = 0

    private init(bytes: [UInt8], utf8: Bool, baseOffset: Int) {
        self.bytes = bytes
        self.utf8 = utf8
        self.baseOffset = baseOffset
    }

    static func parse(_ slice: ArraySlice<UInt8>, utf8: Bool, baseOffset: Int) throws -> Header {
        var parser = NPYHeaderParser(bytes: Array(slice), utf8: utf8, baseOffset: baseOffset)
        return try parser.parseHeader()
    }

    private func failure(_ message: String) -> WireError {
        WireError(.invalidNPY, "header: " + message, offset: baseOffset + index)
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ character: UInt8) throws {
        skipSpace()
        guard index < bytes.count, bytes[index] == character else {
            throw failure("expected '\(Character(Unicode.Scalar(character)))'")
        }
        index += 1
    }

    /// Consumes `character` (after spaces) if it is next.
    private mutating func take(_ character: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == character else { return false }
        index += 1
        return true
    }

    private mutating func parseHeader() throws -> Header {
        try expect(UInt8(ascii: "{"))
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        while !take(UInt8(ascii: "}")) {
            let keyOffset = index
            guard case .string(let key) = try parseLiteral() else { throw failure("keys must be strings") }
            try expect(UInt8(ascii: ":"))
            let value = try parseLiteral()
            switch (key, value) {
            case ("descr", .string(let text)) where descr == nil: descr = text
            case ("fortran_order", .bool(let flag)) where fortranOrder == nil: fortranOrder = flag
            case ("shape", .tuple(let dims)) where shape == nil: shape = dims
            case ("descr", _), ("fortran_order", _), ("shape", _):
                index = keyOffset
                throw failure("bad or repeated value for '\(key)'")
            default:
                index = keyOffset
                throw failure("unexpected key '\(key)'")
            }
            if !take(UInt8(ascii: ",")) {
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipSpace()
        guard index == bytes.count else { throw failure("unexpected text after the dict") }
        guard let descr, let fortranOrder, let shape else {
            throw failure("missing one of 'descr', 'fortran_order', 'shape'")
        }
        guard let dtype = NPYDType(descr: descr) else { throw failure("unsupported dtype '\(descr)'") }
        return Header(dtype: dtype, fortranOrder: fortranOrder, shape: shape)
    }

    private mutating func parseLiteral() throws -> Literal {
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end") }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(quote: byte))
        case UInt8(ascii: "("):
            index += 1
            var dims: [Int] = []
            while !take(UInt8(ascii: ")")) {
                guard case .integer(let dim) = try parseLiteral() else { throw failure("shape entries must be integers") }
                dims.append(dim)
                if !take(UInt8(ascii: ",")) {
                    try expect(UInt8(ascii: ")"))
                    break
                }
            }
            return .tuple(dims)
        case UInt8(ascii: "T"), UInt8(ascii: "F"):
            if matchWord("True") { return .bool(true) }
            if matchWord("False") { return .bool(false) }
            throw failure("unknown name")
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            var value = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int(bytes[index] - 0x30))
                guard !o1, !o2 else { throw failure("integer too large") }
                value = sum
                index += 1
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "L") { index += 1 }  // Python 2 long
            return .integer(value)
        default:
            throw failure("unexpected character")
        }
    }

    private mutating func matchWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard bytes.count - index >= w.count, Array(bytes[index..<index + w.count]) == w else { return false }
        let end = index + w.count
        if end < bytes.count {
            let next = bytes[end]
            let isIdentifier = (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A) || next == 0x5F
            if isIdentifier { return false }
        }
        index = end
        return true
    }

    private mutating func parseString(quote: UInt8) throws -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[index]
            index += 1
            if byte == quote { break }
            if byte == UInt8(ascii: "\\") {
                guard index < bytes.count else { throw failure("unterminated string") }
                out.append(bytes[index])
                index += 1
                continue
            }
            out.append(byte)
        }
        if utf8 { return String(decoding: out, as: UTF8.self) }
        return String(String.UnicodeScalarView(out.map { Unicode.Scalar($0) }))
    }
}
