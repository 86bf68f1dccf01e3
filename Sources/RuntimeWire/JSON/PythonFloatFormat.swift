/// Formats a `Double` the way Python's `repr(float)` (and so `json.dumps`) does.
///
/// The digits are the shortest that round-trip, taken from Swift's own `description`; only the
/// layout differs between the languages. Python writes positional notation when the decimal
/// exponent is in -4..<16 (`0.0001`, `1234.5`, `1e+16` is the first in exponent form), always with
/// a fractional part (`1.0`), and exponent form with a sign and at least two exponent digits
/// (`1e-05`, `1.5e+300`). Non-finite values are the bare tokens `NaN`, `Infinity`, `-Infinity`.
enum PythonFloatFormat {
    /// Appends the Python form of `value` as ASCII bytes.
    static func append(_ value: Double, to output: inout [UInt8]) {
        if value.isNaN {
            output.append(contentsOf: "NaN".utf8)
            return
        }
        if value.isInfinite {
            output.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8)
            return
        }
        if value == 0 {
            output.append(contentsOf: (value.sign == .minus ? "-0.0" : "0.0").utf8)
            return
        }
        var text = value.description
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
                layOut(bytes, digits: digits, to: &output)
            }
        }
    }

    /// Splits Swift's text (`-1.2345e-07`, `123.25`, `5e-324`) into sign, significant digits and
    /// decimal-point position, then writes Python's layout.
    private static func layOut(
        _ text: UnsafeBufferPointer<UInt8>, digits: UnsafeMutableBufferPointer<UInt8>, to output: inout [UInt8]
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
                output.append(contentsOf: UnsafeBufferPointer(rebasing: significant[1...]))
            }
            output.append(UInt8(ascii: "e"))
            output.append(scientific < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = scientific.magnitude
            if magnitude < 10 { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: String(magnitude).utf8)
        } else if decimalPoint <= 0 {
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "."))
            for _ in 0 ..< -decimalPoint { output.append(UInt8(ascii: "0")) }
            output.append(contentsOf: significant)
        } else if decimalPoint >= count {
            output.append(contentsOf: significant)
            for _ in 0 ..< decimalPoint - count { output.append(UInt8(ascii: "0")) }
            output.append(UInt8(ascii: "."))
            output.append(UInt8(ascii: "0"))
        } else {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: significant[..<decimalPoint]))
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: UnsafeBufferPointer(rebasing: significant[decimalPoint...]))
        }
    }
}
