/// Hand-made QPY bytes (version 13 unless told), laid out as qiskit writes them, for tests that
/// need payloads no honest writer produces: huge counts, deep or self-referencing definitions,
/// NaN values, malformed names.
enum QPYBytes {
    static func u8(_ value: UInt8) -> [UInt8] { [value] }
    static func u16(_ value: Int) -> [UInt8] { bigEndian(UInt64(value), 2) }
    static func u32(_ value: Int) -> [UInt8] { bigEndian(UInt64(value), 4) }
    static func u64(_ value: UInt64) -> [UInt8] { bigEndian(value, 8) }
    static func char(_ character: Character) -> [UInt8] { Array(String(character).utf8) }

    static func bigEndian(_ value: UInt64, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - $0))) }
    }

    /// The file header and one circuit.
    static func file(_ circuit: [UInt8], version: UInt8 = 13) -> [UInt8] {
        var bytes = Array("QISKIT".utf8) + [version, 2, 6, 2] + u64(1) + char("p") + char("q")
        if version >= 16 { bytes += u64(UInt64(bytes.count + 8)) }
        return bytes + circuit
    }

    /// A register: type `q` or `c`, its name's bytes and its bits.
    struct Register {
        var type: Character
        var name: [UInt8]
        var bits: [Int64]
    }

    /// A circuit: header, registers, custom definitions and instructions (already encoded).
    /// With `phaseParameter`, the global phase is that parameter (`name`, UUID from `id`).
    static func circuit(
        qubits: Int, clbits: Int = 0, phase: Double = 0, phaseParameter: (name: String, id: UInt8)? = nil,
        registers: [Register] = [], customs: [[UInt8]] = [], instructions: [[UInt8]], instructionCount: UInt64? = nil,
        version: UInt8 = 13
    ) -> [UInt8] {
        var phaseBytes = u64(phase.bitPattern)
        var phaseType: Character = "f"
        if let phaseParameter {
            phaseBytes = u16(phaseParameter.name.utf8.count) + uuid(phaseParameter.id) + Array(phaseParameter.name.utf8)
            phaseType = "p"
        }
        var bytes = u16(0) + char(phaseType) + u16(phaseBytes.count) + u32(qubits) + u32(clbits) + u64(0) + u32(registers.count)
        bytes += u64(instructionCount ?? UInt64(instructions.count)) + u32(0)
        bytes += phaseBytes
        for register in registers {
            bytes += char(register.type) + u8(1) + u32(register.bits.count) + u16(register.name.count) + u8(1) + register.name
            for bit in register.bits { bytes += u64(UInt64(bitPattern: bit)) }
        }
        if version >= 15 { bytes += u32(0) }
        bytes += u64(UInt64(customs.count))
        for custom in customs { bytes += custom }
        for instruction in instructions { bytes += instruction }
        return bytes
    }

    /// A custom gate definition `name` on `qubits` qubits whose definition is `definition` (a
    /// ``circuit(qubits:clbits:phase:registers:customs:instructions:instructionCount:version:)``).
    static func custom(_ name: String, qubits: Int, definition: [UInt8]) -> [UInt8] {
        let key = Array(name.utf8)
        var bytes = u16(key.count) + char("g") + u32(qubits) + u32(0) + u8(1) + u64(UInt64(definition.count))
        bytes += u32(0) + u32(0) + u64(0) + key
        return bytes + definition
    }

    /// An instruction `name` (a qiskit class name or a custom definition's key).
    static func instruction(_ name: String, qubits: [Int], clbits: [Int] = [], parameters: [[UInt8]] = []) -> [UInt8] {
        let key = Array(name.utf8)
        var bytes = u16(key.count) + u16(0) + u16(parameters.count) + u32(qubits.count) + u32(clbits.count) + u8(0)
        bytes += u16(0) + u64(0) + u32(0) + u32(0) + key
        for qubit in qubits { bytes += char("q") + u32(qubit) }
        for clbit in clbits { bytes += char("c") + u32(clbit) }
        for parameter in parameters { bytes += parameter }
        return bytes
    }

    /// An instruction parameter that is a float (little-endian, as QPY ≤ 17 writes them).
    static func float(_ value: Double) -> [UInt8] {
        char("f") + u64(8) + bigEndian(value.bitPattern, 8).reversed()
    }

    /// An instruction parameter that is a string.
    static func string(_ text: String) -> [UInt8] {
        char("s") + u64(UInt64(text.utf8.count)) + Array(text.utf8)
    }

    /// An instruction parameter that is the parameter `name` (with a fixed UUID from `id`).
    static func parameter(_ name: String, id: UInt8) -> [UInt8] {
        let body = u16(name.utf8.count) + uuid(id) + Array(name.utf8)
        return char("p") + u64(UInt64(body.count)) + body
    }

    static func uuid(_ id: UInt8) -> [UInt8] { [UInt8](repeating: id, count: 16) }

    /// An instruction parameter that is a parameter expression over the parameter `name`, in the v13
    /// replay encoding: `x + x`, then `count - 1` more times `+ x` (a left-leaning chain
    /// `count + 1` levels high).
    static func chainExpression(_ name: String, id: UInt8, count: Int) -> [UInt8] {
        let x = char("p") + uuid(id)
        let none = char("n") + [UInt8](repeating: 0, count: 16)
        var payload = u8(0) + x + x
        for _ in 1..<max(count, 1) { payload += u8(0) + none + x }
        let symbol = char("p") + char("p") + u64(0) + u16(name.utf8.count) + uuid(id) + Array(name.utf8)
        let body = u64(1) + u64(UInt64(payload.count)) + payload + symbol
        return char("e") + u64(UInt64(body.count)) + body
    }
}
