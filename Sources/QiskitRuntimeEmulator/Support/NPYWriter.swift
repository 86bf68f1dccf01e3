import RuntimeWire

/// Writes numpy `.npy` files (format 1.0) and wraps them as RuntimeEncoder `ndarray` values:
/// `{"__type__": "ndarray", "__value__": base64(zlib(npy))}` (PROTOCOL.md §5.3).
enum NPYWriter {
    /// The `.npy` bytes of a one-dimensional little-endian float64 array.
    static func float64(_ values: [Double]) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(values.count * 8)
        for value in values { appendLittleEndian(value.bitPattern, to: &data) }
        return file(descr: "<f8", count: values.count, data: data)
    }

    /// The `.npy` bytes of a one-dimensional little-endian int64 array.
    static func int64(_ values: [Int64]) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(values.count * 8)
        for value in values { appendLittleEndian(UInt64(bitPattern: value), to: &data) }
        return file(descr: "<i8", count: values.count, data: data)
    }

    /// The tagged RuntimeEncoder value for `.npy` bytes.
    static func ndarrayValue(npy: [UInt8]) throws -> JSONValue {
        let compressed = try Zlib.deflate(npy)
        return .object([
            JSONMember("__type__", .string("ndarray")),
            JSONMember("__value__", .string(Base64.encode(compressed))),
        ])
    }

    private static func file(descr: String, count: Int, data: [UInt8]) -> [UInt8] {
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(count),), }".utf8)
        // magic (6) + version (2) + header length (2) + header, padded with spaces and a final
        // newline to a multiple of 64 bytes.
        let unpadded = 10 + header.count + 1
        let padding = (64 - unpadded % 64) % 64
        header += [UInt8](repeating: 0x20, count: padding)
        header.append(0x0A)
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00]
        out += [UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
        out += header
        out += data
        return out
    }

    private static func appendLittleEndian(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }
}
