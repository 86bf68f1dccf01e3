/// Reads and writes numpy `.npy` files (format versions 1.0, 2.0 and 3.0) of simple numeric dtypes.
///
/// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header length (a
/// little-endian `UInt16` in 1.0, `UInt32` in 2.0 and 3.0), the header (a Python dict literal with
/// the keys `descr`, `fortran_order` and `shape`, Latin-1 in 1.0/2.0, UTF-8 in 3.0), then the raw
/// element bytes. ``write(_:)`` produces exactly the bytes `numpy.save` produces.
package enum NPY {
    /// The six magic bytes every `.npy` file starts with.
    package static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// numpy aligns the preamble (magic, version, length, header) to this many bytes.
    static let alignment = 64

    /// numpy leaves room for the growing axis of the shape to reach this many digits.
    static let growthAxisMaxDigits = 21

    /// Parses a `.npy` file.
    /// - Throws: `WireError(.invalidNPY)` with the byte offset of the problem when the bytes are
    ///   not a `.npy` file, use an unsupported dtype (structured, object, strings…), or the data
    ///   length does not match the shape.
    package static func read(_ bytes: [UInt8]) throws -> NPYArray {
        guard bytes.count >= 10 else { throw WireError(.invalidNPY, "file shorter than the .npy preamble", offset: bytes.count) }
        for index in 0..<magic.count where bytes[index] != magic[index] {
            throw WireError(.invalidNPY, "missing \\x93NUMPY magic", offset: index)
        }
        let major = bytes[6]
        let minor = bytes[7]
        guard minor == 0, (1...3).contains(major) else {
            throw WireError(.invalidNPY, "unsupported .npy format version \(major).\(minor)", offset: 6)
        }
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw WireError(.invalidNPY, "file shorter than the .npy preamble", offset: bytes.count) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        guard headerLength <= bytes.count - headerStart else {
            throw WireError(.invalidNPY, "header length \(headerLength) runs past the end of the file", offset: 8)
        }
        let dataStart = headerStart + headerLength
        let header = try NPYHeaderParser.parse(
            bytes[headerStart..<dataStart], utf8: major == 3, baseOffset: headerStart)
        guard let expected = NPYArray.byteCount(dtype: header.dtype, shape: header.shape) else {
            throw WireError(.invalidNPY, "shape \(header.shape) is too large", offset: headerStart)
        }
        let available = bytes.count - dataStart
        guard available == expected else {
            throw WireError(
                .invalidNPY, "shape \(header.shape) of \(header.dtype) needs \(expected) data bytes, found \(available)",
                offset: dataStart)
        }
        return NPYArray(dtype: header.dtype, shape: header.shape, fortranOrder: header.fortranOrder, data: Array(bytes[dataStart...]))
    }

    /// Writes a `.npy` file byte for byte as `numpy.save` does: format 1.0 (2.0 when the header
    /// does not fit in 65535 bytes), header padded with spaces to a 64-byte aligned preamble.
    package static func write(_ array: NPYArray) -> [UInt8] {
        var header = "{'descr': '\(array.dtype.descr)', 'fortran_order': \(array.fortranOrder ? "True" : "False"), 'shape': "
        header += shapeRepr(array.shape) + ", }"
        if !array.shape.isEmpty {
            let growing = array.fortranOrder ? array.shape[array.shape.count - 1] : array.shape[0]
            header += String(repeating: " ", count: max(0, growthAxisMaxDigits - String(growing).utf8.count))
        }
        var headerBytes = Array(header.utf8)
        var version: UInt8 = 1
        var lengthSize = 2
        if preambleLength(headerBytes.count, lengthSize: 2) > Int(UInt16.max) + 10 {
            version = 2
            lengthSize = 4
        }
        let unpadded = magic.count + 2 + lengthSize + headerBytes.count + 1
        let padding = (alignment - unpadded % alignment) % alignment
        headerBytes += [UInt8](repeating: 0x20, count: padding)
        headerBytes.append(0x0A)
        var out: [UInt8] = []
        out.reserveCapacity(magic.count + 2 + lengthSize + headerBytes.count + array.data.count)
        out += magic
        out += [version, 0]
        let length = headerBytes.count
        for shift in 0..<lengthSize { out.append(UInt8(truncatingIfNeeded: length >> (8 * shift))) }
        out += headerBytes
        out += array.data
        return out
    }

    private static func preambleLength(_ headerCount: Int, lengthSize: Int) -> Int {
        let unpadded = magic.count + 2 + lengthSize + headerCount + 1
        return unpadded + (alignment - unpadded % alignment) % alignment
    }

    /// Python's `repr` of a shape tuple: `()`, `(3,)`, `(2, 3)`.
    static func shapeRepr(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "()"
        case 1: return "(\(shape[0]),)"
        default: return "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
    }
}
