extension BitArray {
    /// Reads the payload of a tagged `BitArray`: `{"array": ndarray uint8, "num_bits": n}`.
    init(taggedPayload payload: RuntimeValue, _ reader: PrimitiveValueReader) throws {
        let object = try reader.object(payload)
        let bitCount = try reader.appending("num_bits").integer(object["num_bits"])
        guard bitCount >= 0 else { throw reader.error("negative num_bits \(bitCount)") }
        guard case .ndarray(let array)? = object["array"] else {
            throw reader.appending("array").error("expected an ndarray, found \(PrimitiveValueReader.kind(object["array"]))")
        }
        do {
            try self.init(ndarray: array, bitCount: bitCount)
        } catch let error as RuntimeError {
            throw reader.error(error.message)
        }
    }

    /// Reads a register of the plain result form: `{"samples": ["0x3", …], "num_bits": n}`, the
    /// sample lists nested to the pub's shape (the innermost list holds the shots).
    init(plain value: RuntimeValue, _ reader: PrimitiveValueReader) throws {
        let object = try reader.object(value)
        let bitCount = try reader.appending("num_bits").integer(object["num_bits"])
        guard bitCount >= 0 else { throw reader.error("negative num_bits \(bitCount)") }
        let samplesReader = reader.appending("samples")
        guard let samples = object["samples"] else { throw samplesReader.error("missing") }
        // The shape: descend through first elements until the list of shots (strings, or empty).
        var dims: [Int] = []
        var probe = samples
        while true {
            let elements = try samplesReader.array(probe)
            dims.append(elements.count)
            guard dims.count <= 64 else { throw samplesReader.error("lists nested deeper than 64") }
            guard let first = elements.first, case .array = first else { break }
            probe = first
        }
        let shots = dims.removeLast()
        let width = (bitCount + 7) / 8
        guard let positions = ShapeMath.count(dims), case let (rows, o1) = positions.multipliedReportingOverflow(by: shots), !o1,
              case let (total, o2) = rows.multipliedReportingOverflow(by: width), !o2, total <= RuntimeValue.maximumArrayBytes
        else { throw samplesReader.error("too many samples") }
        // The shape comes from the first elements only: grow the bytes as samples are read, so
        // ragged lists are refused before a large allocation.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(total, 1 << 20))
        func fill(_ value: RuntimeValue, depth: Int) throws {
            let elements = try samplesReader.array(value)
            if depth == dims.count {
                guard elements.count == shots else { throw samplesReader.error("ragged sample lists: \(elements.count) shots where \(shots) were expected") }
                for element in elements {
                    guard case .string(let text) = element else {
                        throw samplesReader.error("a sample is \(PrimitiveValueReader.kind(element)), not hex text")
                    }
                    let offset = bytes.count
                    bytes.append(contentsOf: repeatElement(0, count: width))
                    guard BitArray.parseHex(text, bitCount: bitCount, into: &bytes, at: offset, width: width) else {
                        throw samplesReader.error("sample \(text.prefix(80)) is not hex text of at most \(bitCount) bits")
                    }
                }
            } else {
                guard elements.count == dims[depth] else { throw samplesReader.error("ragged sample lists") }
                for element in elements { try fill(element, depth: depth + 1) }
            }
        }
        try fill(samples, depth: 0)
        guard bytes.count == total else { throw samplesReader.error("ragged sample lists") }
        self.init(unchecked: bytes, shape: dims, shots: shots, bitCount: bitCount)
    }

    /// Writes the value of hex text (`0x` prefix optional, case-insensitive) big-endian into
    /// `width` bytes at `offset`; false for bad text or a value wider than `bitCount`.
    static func parseHex(_ text: String, bitCount: Int, into bytes: inout [UInt8], at offset: Int, width: Int) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            var start = 0
            if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") { start = 2 }
            guard start < utf8.count else { return false }
            var nibble = 0   // nibbles written, from the least significant
            var index = utf8.count - 1
            while index >= start {
                let c = utf8[index]
                let digit: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
                default: return false
                }
                if digit != 0 {
                    // Bits 4·nibble … 4·nibble+3 must stay below bitCount.
                    let highest = 4 * nibble + (digit >= 8 ? 3 : digit >= 4 ? 2 : digit >= 2 ? 1 : 0)
                    guard highest < bitCount else { return false }
                    let byte = nibble / 2
                    bytes[offset + width - 1 - byte] |= nibble % 2 == 0 ? digit : digit << 4
                }
                nibble += 1
                index -= 1
            }
            return true
        }
    }
}
