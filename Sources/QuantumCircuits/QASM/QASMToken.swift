/// One token of OpenQASM source.
struct QASMToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        /// An integer literal that fits `Int` (its value is also in `real`).
        case integer(Int)
        case real(Double)
        /// A duration literal such as `100ns` or `1.5us`.
        case duration(Double, String)
        /// An imaginary literal such as `1.0im` (not supported, but named in errors).
        case imaginary
        case string(String)
        /// A physical qubit, `$3`.
        case hardwareQubit(Int)
        /// Punctuation and operators: `; , ( ) [ ] { } : = -> + - * / ** ^ @ == != < > <= >= ! ~ % & | # ++`.
        case symbol(String)
        case endOfInput
    }

    var kind: Kind
    var location: SourcePosition

    /// The token as it reads in an error message (a long name or string is cut short).
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(Self.shortened(name))'"
        case .integer(let value): return "'\(value)'"
        case .real(let value): return "'\(value)'"
        case .duration(let value, let unit): return "'\(value)\(unit)'"
        case .imaginary: return "an imaginary literal"
        case .string(let text): return "\"\(Self.shortened(text))\""
        case .hardwareQubit(let index): return "'$\(index)'"
        case .symbol(let text): return "'\(text)'"
        case .endOfInput: return "the end of the input"
        }
    }

    /// `text`, or its first 64 Unicode scalars and `…` when it is longer.
    static func shortened(_ text: String) -> String {
        guard text.utf8.count > 64 else { return text }
        var short = ""
        short.unicodeScalars.append(contentsOf: text.unicodeScalars.prefix(64))
        return short + "…"
    }

    func isSymbol(_ text: String) -> Bool {
        if case .symbol(let s) = kind { return s == text }
        return false
    }

    func isIdentifier(_ text: String) -> Bool {
        if case .identifier(let s) = kind { return s == text }
        return false
    }
}
