/// Splits OpenQASM 2 or 3 source into tokens, one at a time (the parser asks for the next one,
/// so memory does not grow with the number of tokens), tracking 1-based line and column (Unicode
/// scalars).
///
/// Identifiers are ASCII letters, digits and `_` plus any non-ASCII scalar (so `π`, `τ`, `ℇ` and
/// other Unicode names are identifiers), at most `maxIdentifierLength` bytes. Comments (`//`,
/// `/* */`) and whitespace are skipped. After the end, ``next()`` keeps returning `.endOfInput`.
struct QASMLexer {
    private let bytes: [UInt8]
    private let maxIdentifierLength: Int
    private var position = 0
    private var line = 1
    private var column = 1

    init(_ text: String, maxIdentifierLength: Int) {
        bytes = Array(text.utf8)
        self.maxIdentifierLength = maxIdentifierLength
    }

    private var here: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func advance() {
        let byte = bytes[position]
        position += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    private mutating func skipTrivia() throws(CircuitError) {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                advance()
            } else if byte == 0x2F, peek(1) == 0x2F {
                while let b = peek(), b != 0x0A { advance() }
            } else if byte == 0x2F, peek(1) == 0x2A {
                let start = here
                advance()
                advance()
                while true {
                    guard let b = peek() else {
                        throw CircuitError(.syntax, "unterminated block comment '/*'", at: start)
                    }
                    if b == 0x2A, peek(1) == 0x2F {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    mutating func next() throws(CircuitError) -> QASMToken {
        try skipTrivia()
        let start = here
        guard let byte = peek() else { return QASMToken(kind: .endOfInput, location: start) }
        if Self.isIdentifierStart(byte) {
            let begin = position
            while let b = peek(), Self.isIdentifierPart(b) { advance() }
            guard position - begin <= maxIdentifierLength else {
                throw CircuitError(
                    .limitExceeded, "an identifier is longer than \(maxIdentifierLength) bytes (limit maxIdentifierLength)",
                    at: start)
            }
            let name = String(decoding: bytes[begin..<position], as: UTF8.self)
            return QASMToken(kind: .identifier(name), location: start)
        }
        if Self.isDigit(byte) || (byte == 0x2E && peek(1).map(Self.isDigit) == true) {
            return try number(start)
        }
        if byte == 0x22 || byte == 0x27 {  // " or '
            let quote = byte
            advance()
            let begin = position
            while let b = peek(), b != quote, b != 0x0A { advance() }
            guard peek() == quote else { throw CircuitError(.syntax, "unterminated string", at: start) }
            let text = String(decoding: bytes[begin..<position], as: UTF8.self)
            advance()
            return QASMToken(kind: .string(text), location: start)
        }
        if byte == 0x24 {  // $
            advance()
            guard let first = peek(), Self.isDigit(first) else {
                throw CircuitError(.syntax, "expected a physical qubit number after '$'", at: start)
            }
            var value = 0
            while let b = peek(), Self.isDigit(b) {
                let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int(b - 0x30))
                if overflow1 || overflow2 {
                    throw CircuitError(.limitExceeded, "a physical qubit number is too large (limit maxQubits)", at: start)
                }
                value = sum
                advance()
            }
            return QASMToken(kind: .hardwareQubit(value), location: start)
        }
        advance()
        if let nextByte = peek(), let pair = Self.twoCharacterSymbol(byte, nextByte) {
            advance()
            return QASMToken(kind: .symbol(pair), location: start)
        }
        if byte < 0x80 {
            return QASMToken(kind: .symbol(String(UnicodeScalar(byte))), location: start)
        }
        throw CircuitError(.syntax, "unexpected character", at: start)
    }

    private static func twoCharacterSymbol(_ a: UInt8, _ b: UInt8) -> String? {
        switch (a, b) {
        case (0x2D, 0x3E): return "->"
        case (0x2A, 0x2A): return "**"
        case (0x3D, 0x3D): return "=="
        case (0x21, 0x3D): return "!="
        case (0x3C, 0x3D): return "<="
        case (0x3E, 0x3D): return ">="
        case (0x2B, 0x2B): return "++"
        case (0x26, 0x26): return "&&"
        case (0x7C, 0x7C): return "||"
        case (0x3C, 0x3C): return "<<"
        case (0x3E, 0x3E): return ">>"
        default: return nil
        }
    }

    private mutating func number(_ start: SourcePosition) throws(CircuitError) -> QASMToken {
        // Hexadecimal, octal and binary integers.
        if peek() == 0x30, let radixByte = peek(1), [0x78, 0x58, 0x6F, 0x4F, 0x62, 0x42].contains(radixByte) {
            let radix: Int = (radixByte | 0x20) == 0x78 ? 16 : ((radixByte | 0x20) == 0x6F ? 8 : 2)
            advance()
            advance()
            var value = 0
            var digits = 0
            while let b = peek() {
                if b == 0x5F { advance(); continue }
                let digit: Int
                switch b {
                case 0x30...0x39: digit = Int(b - 0x30)
                case 0x61...0x66: digit = Int(b - 0x61 + 10)
                case 0x41...0x46: digit = Int(b - 0x41 + 10)
                default: digit = 99
                }
                guard digit < radix else { break }
                let (product, overflow1) = value.multipliedReportingOverflow(by: radix)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                if overflow1 || overflow2 {
                    throw CircuitError(.limitExceeded, "an integer literal does not fit in 64 bits", at: start)
                }
                value = sum
                digits += 1
                advance()
            }
            guard digits > 0 else { throw CircuitError(.syntax, "malformed integer literal", at: start) }
            return QASMToken(kind: .integer(value), location: start)
        }
        var text: [UInt8] = []
        var isInteger = true
        while let b = peek(), Self.isDigit(b) || b == 0x5F {
            if b != 0x5F { text.append(b) }
            advance()
        }
        if peek() == 0x2E {
            isInteger = false
            text.append(0x2E)
            advance()
            while let b = peek(), Self.isDigit(b) || b == 0x5F {
                if b != 0x5F { text.append(b) }
                advance()
            }
        }
        if let e = peek(), e == 0x65 || e == 0x45 {
            let sign = peek(1)
            let hasSign = sign == 0x2B || sign == 0x2D
            if let digit = peek(hasSign ? 2 : 1), Self.isDigit(digit) {
                isInteger = false
                text.append(0x65)
                advance()
                if hasSign {
                    text.append(sign ?? 0x2B)
                    advance()
                }
                while let b = peek(), Self.isDigit(b) {
                    text.append(b)
                    advance()
                }
            }
        }
        let literal = String(decoding: text, as: UTF8.self)
        guard let value = Double(literal) else {
            throw CircuitError(.syntax, "malformed number '\(literal)'", at: start)
        }
        // A unit directly after the number makes a duration; `im` an imaginary literal.
        if let b = peek(), Self.isIdentifierStart(b) {
            let begin = position
            var end = position
            while end < bytes.count, Self.isIdentifierPart(bytes[end]) { end += 1 }
            let suffix = String(decoding: bytes[begin..<end], as: UTF8.self)
            switch suffix {
            case "dt", "ns", "us", "µs", "ms", "s":
                while position < end { advance() }
                return QASMToken(kind: .duration(value, suffix == "µs" ? "us" : suffix), location: start)
            case "im":
                while position < end { advance() }
                return QASMToken(kind: .imaginary, location: start)
            default:
                throw CircuitError(.syntax, "malformed number '\(literal)\(suffix)'", at: start)
            }
        }
        if isInteger, let integer = Int(literal) {
            return QASMToken(kind: .integer(integer), location: start)
        }
        return QASMToken(kind: .real(value), location: start)
    }
}
