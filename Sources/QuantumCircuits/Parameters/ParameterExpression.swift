#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real-valued gate parameter: a constant, a named input parameter, or an expression over them.
///
/// Expressions are small trees built from constants, named parameters, `+ - * /`, powers, unary
/// minus and the functions `sin cos tan asin acos atan exp ln sqrt abs`. Constant subtrees are
/// folded as they are built, so `2 * .pi` is the constant `6.283185307179586` and a fully bound
/// expression is always a constant (``constantValue``).
///
/// ```swift
/// let theta = ParameterExpression.parameter("theta")
/// let angle = theta / 2 + .pi
/// try angle.value(["theta": 1.0])   // 3.641592653589793
/// angle.description                 // "theta/2.0 + 3.141592653589793"
/// ```
///
/// ``description`` is OpenQASM 3 expression text that parses back to an equal expression. Equality
/// is structural (`a + b` is not equal to `b + a`).
public struct ParameterExpression: Sendable, Hashable, CustomStringConvertible, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral
{
    let node: Node
    /// The height of the expression tree (a constant or a parameter has depth 1).
    public let depth: Int
    /// The number of nodes of the expression as a tree (a subexpression used twice counts twice),
    /// saturating at ``nodeCountCap``: the work that printing, binding or evaluating it takes.
    let nodeCount: Int

    /// Where ``nodeCount`` saturates (far above any limit, far below overflow).
    static let nodeCountCap = 1 << 50

    init(node: Node, depth: Int, nodeCount: Int) {
        self.node = node
        self.depth = depth
        self.nodeCount = nodeCount
    }

    /// A constant.
    public init(_ value: Double) {
        self.init(node: .constant(value), depth: 1, nodeCount: 1)
    }

    /// A constant.
    public init(floatLiteral value: Double) {
        self.init(value)
    }

    /// A constant.
    public init(integerLiteral value: Int) {
        self.init(Double(value))
    }

    /// The named parameter `name`: an `input float[64]` (or `input angle`) of the circuit.
    public static func parameter(_ name: String) -> ParameterExpression {
        ParameterExpression(node: .symbol(name), depth: 1, nodeCount: 1)
    }

    /// π as a constant.
    public static let pi = ParameterExpression(Double.pi)

    /// The value if this expression is a constant (has no parameters), otherwise `nil`.
    public var constantValue: Double? {
        if case .constant(let value) = node { return value }
        return nil
    }

    /// The parameter's name if this expression is exactly one parameter, otherwise `nil`.
    public var parameterName: String? {
        if case .symbol(let name) = node { return name }
        return nil
    }

    /// The names of all parameters that occur in the expression.
    public var parameterNames: Set<String> {
        var names = Set<String>()
        node.collectSymbols(into: &names)
        return names
    }

    /// The names of the parameters in the order they first occur, left to right (a `Set` has no
    /// stable order: two equal sets may list their members differently).
    var parameterNamesInOrder: [String] {
        var names: [String] = []
        var seen = Set<String>()
        node.collectSymbols(into: &names, seen: &seen)
        return names
    }

    /// The expression's value with every parameter replaced by its value in `bindings`.
    /// - Throws: ``CircuitError/Code/unboundParameter`` naming a parameter that has no value.
    public func value(_ bindings: [String: Double] = [:]) throws(CircuitError) -> Double {
        if case .constant(let value) = node { return value }
        return try node.evaluate(bindings)
    }

    /// The expression with the parameters in `values` replaced (others are kept), constants folded.
    public func binding(_ values: [String: Double]) -> ParameterExpression {
        if values.isEmpty || constantValue != nil { return self }
        return substituting(values.mapValues { ParameterExpression($0) })
    }

    /// The expression with the parameters in `replacements` replaced by expressions, constants folded.
    public func substituting(_ replacements: [String: ParameterExpression]) -> ParameterExpression {
        var nonFinite = false
        return Self.substitute(node, replacements, &nonFinite)
    }

    /// ``substituting(_:)``, or nil when the result holds a constant that is NaN or infinite (a fold
    /// such as `1/a` with `a = 0`, or such a constant in this expression). The replacements are
    /// taken as they are.
    func substitutingFinite(_ replacements: [String: ParameterExpression]) -> ParameterExpression? {
        var nonFinite = false
        let result = Self.substitute(node, replacements, &nonFinite)
        return nonFinite ? nil : result
    }

    /// Whether the expression is a constant that is NaN or infinite.
    var isNonFiniteConstant: Bool {
        if case .constant(let value) = node { return !value.isFinite }
        return false
    }

    private static func substitute(
        _ node: Node, _ replacements: [String: ParameterExpression], _ nonFinite: inout Bool
    ) -> ParameterExpression {
        let result: ParameterExpression
        switch node {
        case .constant:
            result = ParameterExpression(node: node, depth: 1, nodeCount: 1)
        case .symbol(let name):
            return replacements[name] ?? ParameterExpression(node: node, depth: 1, nodeCount: 1)
        case .unary(let op, let operand):
            result = .unary(op, substitute(operand, replacements, &nonFinite))
        case .binary(let op, let lhs, let rhs):
            let left = substitute(lhs, replacements, &nonFinite)
            result = .binary(op, left, substitute(rhs, replacements, &nonFinite))
        }
        if result.isNonFiniteConstant { nonFinite = true }
        return result
    }

    /// OpenQASM 3 text for the expression (for example `-theta/2.0`); it parses back to an equal
    /// expression. Constants are written in Swift's shortest round-trip form.
    public var description: String {
        var text = ""
        node.write(into: &text, parentPrecedence: 0, isRightOperand: false)
        return text
    }
}

// MARK: - Operators

extension ParameterExpression {
    /// The unary operations of an expression tree.
    enum UnaryOperator: String, Sendable, Hashable {
        case negate = "-"
        case sin, cos, tan
        case asin = "arcsin"
        case acos = "arccos"
        case atan = "arctan"
        case exp
        case ln
        case sqrt
        case abs

        func apply(_ x: Double) -> Double {
            switch self {
            case .negate: return -x
            case .sin: return Glibc_sin(x)
            case .cos: return Glibc_cos(x)
            case .tan: return Glibc_tan(x)
            case .asin: return Glibc_asin(x)
            case .acos: return Glibc_acos(x)
            case .atan: return Glibc_atan(x)
            case .exp: return Glibc_exp(x)
            case .ln: return Glibc_log(x)
            case .sqrt: return x.squareRoot()
            case .abs: return Swift.abs(x)
            }
        }
    }

    /// The binary operations of an expression tree.
    enum BinaryOperator: String, Sendable, Hashable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case power = "**"

        func apply(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide: return a / b
            case .power: return Glibc_pow(a, b)
            }
        }

        var precedence: Int {
            switch self {
            case .add, .subtract: return 1
            case .multiply, .divide: return 2
            case .power: return 4
            }
        }
    }

    static func unary(_ op: UnaryOperator, _ operand: ParameterExpression) -> ParameterExpression {
        if case .constant(let value) = operand.node { return ParameterExpression(op.apply(value)) }
        return ParameterExpression(
            node: .unary(op, operand.node), depth: operand.depth + 1,
            nodeCount: min(operand.nodeCount + 1, nodeCountCap))
    }

    static func binary(_ op: BinaryOperator, _ lhs: ParameterExpression, _ rhs: ParameterExpression)
        -> ParameterExpression
    {
        if case .constant(let a) = lhs.node, case .constant(let b) = rhs.node {
            return ParameterExpression(op.apply(a, b))
        }
        return ParameterExpression(
            node: .binary(op, lhs.node, rhs.node), depth: max(lhs.depth, rhs.depth) + 1,
            nodeCount: min(lhs.nodeCount + rhs.nodeCount + 1, nodeCountCap))
    }

    /// The sum of two expressions.
    public static func + (lhs: ParameterExpression, rhs: ParameterExpression) -> ParameterExpression {
        binary(.add, lhs, rhs)
    }

    /// The difference of two expressions.
    public static func - (lhs: ParameterExpression, rhs: ParameterExpression) -> ParameterExpression {
        binary(.subtract, lhs, rhs)
    }

    /// The product of two expressions.
    public static func * (lhs: ParameterExpression, rhs: ParameterExpression) -> ParameterExpression {
        binary(.multiply, lhs, rhs)
    }

    /// The quotient of two expressions.
    public static func / (lhs: ParameterExpression, rhs: ParameterExpression) -> ParameterExpression {
        binary(.divide, lhs, rhs)
    }

    /// The negated expression.
    public static prefix func - (operand: ParameterExpression) -> ParameterExpression {
        unary(.negate, operand)
    }

    /// `base` raised to `exponent` (OpenQASM `**`).
    public static func power(_ base: ParameterExpression, _ exponent: ParameterExpression) -> ParameterExpression {
        binary(.power, base, exponent)
    }

    /// The sine of an expression.
    public static func sin(_ x: ParameterExpression) -> ParameterExpression { unary(.sin, x) }
    /// The cosine of an expression.
    public static func cos(_ x: ParameterExpression) -> ParameterExpression { unary(.cos, x) }
    /// The tangent of an expression.
    public static func tan(_ x: ParameterExpression) -> ParameterExpression { unary(.tan, x) }
    /// The arcsine of an expression.
    public static func asin(_ x: ParameterExpression) -> ParameterExpression { unary(.asin, x) }
    /// The arccosine of an expression.
    public static func acos(_ x: ParameterExpression) -> ParameterExpression { unary(.acos, x) }
    /// The arctangent of an expression.
    public static func atan(_ x: ParameterExpression) -> ParameterExpression { unary(.atan, x) }
    /// e raised to an expression.
    public static func exp(_ x: ParameterExpression) -> ParameterExpression { unary(.exp, x) }
    /// The natural logarithm of an expression.
    public static func ln(_ x: ParameterExpression) -> ParameterExpression { unary(.ln, x) }
    /// The square root of an expression.
    public static func sqrt(_ x: ParameterExpression) -> ParameterExpression { unary(.sqrt, x) }
    /// The absolute value of an expression.
    public static func abs(_ x: ParameterExpression) -> ParameterExpression { unary(.abs, x) }
}

// MARK: - Tree

extension ParameterExpression {
    indirect enum Node: Sendable, Hashable {
        case constant(Double)
        case symbol(String)
        case unary(UnaryOperator, Node)
        case binary(BinaryOperator, Node, Node)

        func collectSymbols(into names: inout Set<String>) {
            switch self {
            case .constant: break
            case .symbol(let name): names.insert(name)
            case .unary(_, let x): x.collectSymbols(into: &names)
            case .binary(_, let a, let b):
                a.collectSymbols(into: &names)
                b.collectSymbols(into: &names)
            }
        }

        func collectSymbols(into names: inout [String], seen: inout Set<String>) {
            switch self {
            case .constant: break
            case .symbol(let name): if seen.insert(name).inserted { names.append(name) }
            case .unary(_, let x): x.collectSymbols(into: &names, seen: &seen)
            case .binary(_, let a, let b):
                a.collectSymbols(into: &names, seen: &seen)
                b.collectSymbols(into: &names, seen: &seen)
            }
        }

        func evaluate(_ bindings: [String: Double]) throws(CircuitError) -> Double {
            switch self {
            case .constant(let value): return value
            case .symbol(let name):
                guard let value = bindings[name] else {
                    throw CircuitError(.unboundParameter, "parameter '\(name)' has no value")
                }
                return value
            case .unary(let op, let x): return op.apply(try x.evaluate(bindings))
            case .binary(let op, let a, let b): return op.apply(try a.evaluate(bindings), try b.evaluate(bindings))
            }
        }

        /// Precedence for printing: 1 additive, 2 multiplicative (and non-finite constants, written
        /// as quotients), 3 unary minus (and negative constants), 4 power, 5 atoms and calls.
        private var precedence: Int {
            switch self {
            case .constant(let value):
                if !value.isFinite { return 2 }  // written as a quotient
                return value.sign == .minus ? 3 : 5
            case .symbol: return 5
            case .unary(let op, _): return op == .negate ? 3 : 5
            case .binary(let op, _, _): return op.precedence
            }
        }

        func write(into text: inout String, parentPrecedence: Int, isRightOperand: Bool) {
            let own = precedence
            // Left-associative operators need parentheses around an equal-precedence right operand;
            // `**` is right-associative, so it needs them around an equal-precedence left operand.
            let needsParentheses =
                own < parentPrecedence
                || (own == parentPrecedence && (parentPrecedence == 4 ? !isRightOperand : isRightOperand))
            if needsParentheses { text += "(" }
            switch self {
            case .constant(let value): text += Node.format(value)
            case .symbol(let name): text += name
            case .unary(let op, let x):
                if op == .negate {
                    text += "-"
                    x.write(into: &text, parentPrecedence: 3, isRightOperand: true)
                } else {
                    text += op.rawValue
                    text += "("
                    x.write(into: &text, parentPrecedence: 0, isRightOperand: false)
                    text += ")"
                }
            case .binary(let op, let a, let b):
                a.write(into: &text, parentPrecedence: op.precedence, isRightOperand: false)
                switch op {
                case .add, .subtract: text += " \(op.rawValue) "
                default: text += op.rawValue
                }
                b.write(into: &text, parentPrecedence: op.precedence, isRightOperand: true)
            }
            if needsParentheses { text += ")" }
        }

        /// Swift's shortest round-trip decimal form; infinities and NaN as constant expressions
        /// that evaluate to them.
        static func format(_ value: Double) -> String {
            if value.isNaN { return "0.0/0.0" }
            if value.isInfinite { return value < 0 ? "-1.0/0.0" : "1.0/0.0" }
            return "\(value)"
        }
    }
}

// The C math functions under names that do not clash with the static members above.
@inline(__always) private func Glibc_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func Glibc_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func Glibc_tan(_ x: Double) -> Double { tan(x) }
@inline(__always) private func Glibc_asin(_ x: Double) -> Double { asin(x) }
@inline(__always) private func Glibc_acos(_ x: Double) -> Double { acos(x) }
@inline(__always) private func Glibc_atan(_ x: Double) -> Double { atan(x) }
@inline(__always) private func Glibc_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func Glibc_log(_ x: Double) -> Double { log(x) }
@inline(__always) private func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
