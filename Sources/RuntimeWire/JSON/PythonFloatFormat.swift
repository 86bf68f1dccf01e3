/// Formats a `Double` the way Python's `repr(float)` (and so `json.dumps`) does.
///
/// The digits are the shortest that round-trip, taken from Swift's own `description`; only the
/// layout differs between the languages. Python writes positional notation when the decimal
/// exponent is in -4..<16 (`0.0001`, `1234.5`, `1e+16` is the first in exponent form), always with
/// a fractional part (`1.0`), and exponent form with a sign and at least two exponent digits
/// (`1e-05`, `1.5e+300`). Non-finite values are the bare tokens `NaN`, `Infinity`, `-Infinity`.
enum PythonFloatFormat {
    /// The longest text ``write(_:into:)`` produces (`-2.2250738585072014e-308` is 24 bytes).
    static let maximumLength = 32

    /// Writes the Python form of `value` as ASCII at `output`, which has room for
    /// ``maximumLength`` bytes, and returns the number of bytes written.
    static func write(_ value: Double, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var writer = Writer(output)
        if value.isNaN {
            writer.append("NaN")
        } else if value.isInfinite {
            writer.append(value < 0 ? "-Infinity" : "Infinity")
        } else if value == 0 {
            writer.append(value.sign == .minus ? "-0.0" : "0.0")
        } else if let length = writeShortDecimal(value, into: output) {
            return length
        } else {
            var text = value.description
            text.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
                    layOut(bytes, digits: digits, to: &writer)
                }
            }
        }
        return writer.count
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8]

    /// Fast path for values with at most eight decimals, 1e-3 ≤ |value| and |value|·10^k < 2^50:
    /// the smallest k for which m/10^k (m = value·10^k rounded) converts back to `value` gives the
    /// shortest digits. With |value|·10^k < 2^50 the product is within 1/4 of m, so no shorter
    /// candidate is missed and no other m of the same length also converts back.
    private static func writeShortDecimal(_ value: Double, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        let magnitude = value.magnitude
        guard magnitude >= 1e-3, magnitude < 1e15 else { return nil }
        var decimals = 0
        var scaled: UInt64 = 0
        var found = false
        while decimals <= 8 {
            let product = magnitude * powersOfTen[decimals]
            if product >= 0x1p50 { return nil }
            let candidate = UInt64(product + 0.5)  // exact: product < 2^50
            if Double(candidate) / powersOfTen[decimals] == magnitude {
                scaled = candidate
                found = true
                break
            }
            decimals += 1
        }
        guard found else { return nil }
        var length = 0
        if value.sign == .minus {
            output[0] = UInt8(ascii: "-")
            length = 1
        }
        var digitCount = 1
        var probe = scaled
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        if decimals == 0 {
            writeDigits(scaled, count: digitCount, into: output + length)
            length += digitCount
            output[length] = UInt8(ascii: ".")
            output[length + 1] = UInt8(ascii: "0")
            return length + 2
        }
        if digitCount <= decimals {
            // 0.00ddd
            output[length] = UInt8(ascii: "0")
            output[length + 1] = UInt8(ascii: ".")
            length += 2
            for _ in 0..<(decimals - digitCount) {
                output[length] = UInt8(ascii: "0")
                length += 1
            }
            writeDigits(scaled, count: digitCount, into: output + length)
            return length + digitCount
        }
        // iii.fff
        let integerDigits = digitCount - decimals
        var divisor: UInt64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        writeDigits(scaled / divisor, count: integerDigits, into: output + length)
        length += integerDigits
        output[length] = UInt8(ascii: ".")
        length += 1
        writeDigits(scaled % divisor, count: decimals, into: output + length)
        return length + decimals
    }

    /// Writes exactly `count` decimal digits of `value` (with leading zeros).
    private static func writeDigits(_ value: UInt64, count: Int, into output: UnsafeMutablePointer<UInt8>) {
        var rest = value
        var position = count
        while position > 0 {
            position -= 1
            output[position] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
            rest /= 10
        }
    }

    /// Unchecked writes into the caller's 32-byte area.
    private struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

        mutating func append(_ byte: UInt8) {
            if count < PythonFloatFormat.maximumLength {
                base[count] = byte
                count += 1
            }
        }

        mutating func append(_ text: StaticString) {
            for offset in 0..<text.utf8CodeUnitCount { append(text.utf8Start[offset]) }
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            for byte in bytes { append(byte) }
        }

        mutating func appendZeros(_ count: Int) {
            if count > 0 { for _ in 0..<count { append(UInt8(ascii: "0")) } }
        }
    }
    /// Splits Swift's text (`-1.2345e-07`, `123.25`, `5e-324`) into sign, significant digits and
    /// decimal-point position, then writes Python's layout.
    private static func layOut(
        _ text: UnsafeBufferPointer<UInt8>, digits: UnsafeMutableBufferPointer<UInt8>, to output: inout Writer
    ) {
        var index = 0
        var negative = false
        if index < text.count, text[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var digitCount = 0
        var pointPosition: Int? = nil  // digits before the '.' in Swift's text
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                pointPosition = digitCount
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            } else if digitCount < digits.count {
                digits[digitCount] = byte
                digitCount += 1
            }
            index += 1
        }
        var exponent = 0
        if index < text.count {
            index += 1
            var exponentNegative = false
            if index < text.count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < text.count {
                exponent = exponent * 10 + Int(text[index] &- UInt8(ascii: "0"))
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        // value = 0.d1d2…dn × 10^decimalPoint
        var decimalPoint = (pointPosition ?? digitCount) + exponent
        var first = 0
        while first < digitCount, digits[first] == UInt8(ascii: "0") {
            first += 1
            decimalPoint -= 1
        }
        var last = digitCount
        while last > first, digits[last - 1] == UInt8(ascii: "0") {
            last -= 1
        }
        let significant = UnsafeBufferPointer(rebasing: digits[first..<last])
        let count = significant.count
        if negative { output.append(UInt8(ascii: "-")) }
        let scientific = decimalPoint - 1
        if scientific < -4 || scientific >= 16 {
            output.append(significant[0])
            if count > 1 {
                output.append(UInt8(ascii: "."))
                output.append(UnsafeBufferPointer(rebasing: significant[1...]))
            }
            output.append(UInt8(ascii: "e"))
            output.append(scientific < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = scientific.magnitude
            if magnitude < 10 { output.append(UInt8(ascii: "0")) }
            if magnitude >= 100 { output.append(UInt8(truncatingIfNeeded: magnitude / 100) &+ UInt8(ascii: "0")) }
            if magnitude >= 10 { output.append(UInt8(truncatingIfNeeded: magnitude / 10 % 10) &+ UInt8(ascii: "0")) }
            output.append(UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0"))
        } else if decimalPoint <= 0 {
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "."))
            output.appendZeros(-decimalPoint)
            output.append(significant)
        } else if decimalPoint >= count {
            output.append(significant)
            output.appendZeros(decimalPoint - count)
            output.append(UInt8(ascii: "."))
            output.append(UInt8(ascii: "0"))
        } else {
            output.append(UnsafeBufferPointer(rebasing: significant[..<decimalPoint]))
            output.append(UInt8(ascii: "."))
            output.append(UnsafeBufferPointer(rebasing: significant[decimalPoint...]))
        }
    }
}
