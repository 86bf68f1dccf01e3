/// The element type of a numpy array as its `.npy` `descr` string names it (`<f8`, `|b1`, `>c16`…).
///
/// Only simple numeric dtypes are supported: booleans (`b1`), signed and unsigned integers of 1, 2,
/// 4 and 8 bytes, floats of 2, 4 and 8 bytes and complex numbers of 8 and 16 bytes. For one-byte
/// types the byte order is always ``ByteOrder/notApplicable`` (numpy writes `|`); a native
/// order (`=`) is read as little-endian, which is the order of every platform this package runs on.
package struct NPYDType: Sendable, Hashable, CustomStringConvertible {
    /// The kind of scalar, the letter in the middle of `descr`.
    package enum Kind: UInt8, Sendable, Hashable {
        case bool = 0x62  // b
        case signedInteger = 0x69  // i
        case unsignedInteger = 0x75  // u
        case float = 0x66  // f
        case complex = 0x63  // c
    }

    /// The byte order, the first character of `descr`.
    package enum ByteOrder: UInt8, Sendable, Hashable {
        case little = 0x3C  // <
        case big = 0x3E  // >
        case notApplicable = 0x7C  // |
    }

    package var kind: Kind
    /// Bytes per element.
    package var itemSize: Int
    package var byteOrder: ByteOrder

    /// Creates a dtype, normalising the byte order of one-byte types to ``ByteOrder/notApplicable``
    /// (and a `notApplicable` order of a multi-byte type to little-endian).
    /// Returns nil for a combination numpy does not have or this package does not support.
    package init?(kind: Kind, itemSize: Int, byteOrder: ByteOrder) {
        switch kind {
        case .bool: guard itemSize == 1 else { return nil }
        case .signedInteger, .unsignedInteger: guard [1, 2, 4, 8].contains(itemSize) else { return nil }
        case .float: guard [2, 4, 8].contains(itemSize) else { return nil }
        case .complex: guard [8, 16].contains(itemSize) else { return nil }
        }
        self.kind = kind
        self.itemSize = itemSize
        if itemSize == 1 {
            self.byteOrder = .notApplicable
        } else {
            self.byteOrder = byteOrder == .notApplicable ? .little : byteOrder
        }
    }

    /// Parses a `descr` string such as `<f8`, `|b1`, `=i4` or `>c16`.
    /// Returns nil when it is not a supported simple dtype.
    package init?(descr: String) {
        let u = Array(descr.utf8)
        guard u.count >= 3, u.count <= 4 else { return nil }
        let order: ByteOrder
        switch u[0] {
        case UInt8(ascii: "<"), UInt8(ascii: "="): order = .little
        case UInt8(ascii: ">"): order = .big
        case UInt8(ascii: "|"): order = .notApplicable
        default: return nil
        }
        guard let kind = Kind(rawValue: u[1]) else { return nil }
        var size = 0
        for c in u[2...] {
            guard c >= 0x30, c <= 0x39 else { return nil }
            size = size * 10 + Int(c - 0x30)
        }
        // numpy rejects '|' for multi-byte types in a file header only loosely; accept it as '<'.
        self.init(kind: kind, itemSize: size, byteOrder: order)
    }

    /// The `descr` string numpy writes for this dtype, such as `<f8` or `|b1`.
    package var descr: String {
        String(decoding: [byteOrder.rawValue, kind.rawValue], as: UTF8.self) + String(itemSize)
    }

    package var description: String { descr }

    package static let float64 = NPYDType(uncheckedKind: .float, itemSize: 8, byteOrder: .little)
    package static let float32 = NPYDType(uncheckedKind: .float, itemSize: 4, byteOrder: .little)
    package static let int64 = NPYDType(uncheckedKind: .signedInteger, itemSize: 8, byteOrder: .little)
    package static let int32 = NPYDType(uncheckedKind: .signedInteger, itemSize: 4, byteOrder: .little)
    package static let bool = NPYDType(uncheckedKind: .bool, itemSize: 1, byteOrder: .notApplicable)
    package static let complex128 = NPYDType(uncheckedKind: .complex, itemSize: 16, byteOrder: .little)
    package static let complex64 = NPYDType(uncheckedKind: .complex, itemSize: 8, byteOrder: .little)

    private init(uncheckedKind: Kind, itemSize: Int, byteOrder: ByteOrder) {
        self.kind = uncheckedKind
        self.itemSize = itemSize
        self.byteOrder = byteOrder
    }
}
