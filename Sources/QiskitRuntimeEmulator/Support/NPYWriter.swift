import QiskitRuntime
import RuntimeWire

/// Builds the arrays of the emulator's results as numpy `.npy` files (through
/// RuntimeWire's ``NPY`` codec) and wraps them as RuntimeEncoder `ndarray` values:
/// `{"__type__": "ndarray", "__value__": base64(zlib(npy))}` (PROTOCOL.md §5.3).
enum NPYWriter {
    /// The `.npy` bytes of a one-dimensional little-endian float64 array.
    static func float64(_ values: [Double]) throws -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(values.count * 8)
        for value in values { appendLittleEndian(value.bitPattern, to: &data) }
        return try file(descr: "<f8", count: values.count, data: data)
    }

    /// The `.npy` bytes of a one-dimensional little-endian int64 array.
    static func int64(_ values: [Int64]) throws -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(values.count * 8)
        for value in values { appendLittleEndian(UInt64(bitPattern: value), to: &data) }
        return try file(descr: "<i8", count: values.count, data: data)
    }

    /// The `.npy` bytes of a little-endian float64 array of any shape (elements in C order).
    static func float64(_ values: [Double], shape: [Int]) throws -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(values.count * 8)
        for value in values { appendLittleEndian(value.bitPattern, to: &data) }
        return try file(descr: "<f8", shape: shape, data: data)
    }

    /// The `.npy` bytes of a uint8 array of any shape (elements in C order).
    static func uint8(_ values: [UInt8], shape: [Int]) throws -> [UInt8] {
        try file(descr: "|u1", shape: shape, data: values)
    }

    /// The tagged RuntimeEncoder value for `.npy` bytes.
    static func ndarrayValue(npy: [UInt8]) throws -> JSONValue {
        let compressed = try Zlib.deflate(npy)
        return .object([
            JSONMember("__type__", .string("ndarray")),
            JSONMember("__value__", .string(Base64.encode(compressed))),
        ])
    }

    private static func file(descr: String, count: Int, data: [UInt8]) throws -> [UInt8] {
        try file(descr: descr, shape: [count], data: data)
    }

    private static func file(descr: String, shape: [Int], data: [UInt8]) throws -> [UInt8] {
        guard let dtype = NPYDType(descr: descr) else {
            throw RuntimeError(.encodingFailed, "Unsupported dtype \(descr).")
        }
        guard NPYArray.byteCount(dtype: dtype, shape: shape) == data.count else {
            throw RuntimeError(.encodingFailed, "\(data.count) bytes do not fill shape \(shape) of \(descr).")
        }
        return NPY.write(NPYArray(dtype: dtype, shape: shape, data: data))
    }

    private static func appendLittleEndian(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }
}
