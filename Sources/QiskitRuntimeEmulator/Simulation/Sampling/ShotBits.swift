/// The classical bits every shot recorded: `shots` rows of ``bytesPerShot`` bytes, clbit `k` of
/// a shot in bit `k % 8` of its byte `k / 8` (little-endian; clbits no measurement wrote are 0).
///
/// ``bitArray(clbits:)`` packs a register the way qiskit's `BitArray` does.
package struct ShotBits: Sendable, Hashable {
    /// The number of shots.
    package let shots: Int
    /// The number of clbits per shot.
    package let clbitCount: Int
    /// `ceil(clbitCount / 8)`.
    package let bytesPerShot: Int
    /// `shots × bytesPerShot` bytes, shot after shot.
    package let bytes: [UInt8]

    package init(shots: Int, clbitCount: Int, bytes: [UInt8]) {
        self.shots = shots
        self.clbitCount = clbitCount
        self.bytesPerShot = (clbitCount + 7) / 8
        self.bytes = bytes
    }

    /// Clbit `clbit` of shot `shot`.
    package func bit(shot: Int, clbit: Int) -> Bool {
        bytes[shot * bytesPerShot + (clbit >> 3)] & (1 << UInt8(clbit & 7)) != 0
    }

    /// The bits `clbits` of every shot packed as qiskit's `BitArray` packs a register: per shot
    /// `ceil(count / 8)` bytes, big-endian, so `clbits[0]` is the lowest bit of the last byte.
    /// Returns `shots × ceil(clbits.count / 8)` bytes.
    package func bitArray(clbits: [Int]) -> [UInt8] {
        let width = (clbits.count + 7) / 8
        var result = [UInt8](repeating: 0, count: shots * width)
        guard width > 0 else { return result }
        bytes.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for shot in 0..<shots {
                    let row = shot * bytesPerShot
                    let out = shot * width + width - 1
                    for (j, clbit) in clbits.enumerated() where source[row + (clbit >> 3)] & (1 << UInt8(clbit & 7)) != 0 {
                        target[out - (j >> 3)] |= 1 << UInt8(j & 7)
                    }
                }
            }
        }
        return result
    }

    /// Counts of the bit strings of `clbits` (nil: all clbits), written as qiskit writes them:
    /// the last clbit first.
    package func counts(clbits: [Int]? = nil) -> [String: Int] {
        let selected = clbits ?? Array(0..<clbitCount)
        var result: [String: Int] = [:]
        for shot in 0..<shots {
            var text = ""
            text.reserveCapacity(selected.count)
            for clbit in selected.reversed() { text.append(bit(shot: shot, clbit: clbit) ? "1" : "0") }
            result[text, default: 0] += 1
        }
        return result
    }
}
