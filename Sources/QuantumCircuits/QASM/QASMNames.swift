/// Name rules of OpenQASM shared by the parser and the writer.
enum QASMNames {
    /// Words that cannot name a register, parameter or gate in OpenQASM 3.
    static let reserved: Set<String> = [
        "OPENQASM", "include", "qubit", "qreg", "bit", "creg", "input", "output", "gate", "opaque", "measure",
        "reset", "barrier", "delay", "if", "else", "for", "while", "in", "def", "defcal", "cal", "defcalgrammar",
        "return", "let", "const", "box", "switch", "case", "default", "break", "continue", "end", "extern",
        "int", "uint", "float", "angle", "bool", "duration", "stretch", "complex", "array", "void", "true",
        "false", "pi", "tau", "euler", "gphase", "U", "CX", "ctrl", "negctrl", "inv", "pow", "sin", "cos", "tan",
        "arcsin", "arccos", "arctan", "exp", "ln", "sqrt", "durationof", "sizeof", "mutable", "readonly",
        "pragma",
        // Not reserved by OpenQASM 3, but read as constants and functions by this parser.
        "π", "τ", "ℇ", "asin", "acos", "atan",
    ]

    /// Whether `name` is an OpenQASM identifier that the parser reads back as a name: ASCII
    /// letters, digits and `_` and any non-ASCII character (as the lexer reads identifiers), not
    /// starting with a digit, not reserved, not a constant (`π`) or function (`asin`).
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        for byte in name.utf8 {
            let ok = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte >= 0x80
            if !ok { return false }
        }
        return !reserved.contains(name)
    }
}
