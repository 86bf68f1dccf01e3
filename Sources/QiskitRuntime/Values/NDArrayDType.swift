import RuntimeWire

extension NDArray {
    /// The element type of an ``NDArray``: kind, bytes per element and byte order, as numpy's
    /// `descr` string names it (`<f8`, `|b1`, `>c16`), or the object dtype of arrays sent as JSON lists.
    public struct DType: Sendable, Hashable, CustomStringConvertible {
        /// The kind of scalar.
        public enum Kind: Sendable, Hashable {
            /// `b`: one byte, 0 or 1.
            case bool
            /// `i`: two's-complement signed integer.
            case signedInteger
            /// `u`: unsigned integer.
            case unsignedInteger
            /// `f`: IEEE-754 binary floating point (half, single, double).
            case float
            /// `c`: two floats, real then imaginary.
            case complex
            /// `O`: Python objects, sent as a JSON list rather than as `.npy` bytes.
            case object
        }

        /// The order of the bytes of each element.
        public enum ByteOrder: Sendable, Hashable {
            /// `<`
            case little
            /// `>`
            case big
            /// `|`: one-byte and object types.
            case notApplicable
        }

        /// The kind of scalar.
        public let kind: Kind
        /// Bytes per element (8 for the object dtype, as numpy reports).
        public let itemSize: Int
        /// The byte order; ``ByteOrder/notApplicable`` for one-byte and object types.
        public let byteOrder: ByteOrder

        /// Creates a dtype; returns nil for a combination numpy does not have (such as a 3-byte
        /// integer). The byte order of a one-byte type is always ``ByteOrder/notApplicable``.
        public init?(kind: Kind, itemSize: Int, byteOrder: ByteOrder = .little) {
            if kind == .object {
                self.init(wire: nil)
                return
            }
            guard let wire = NPYDType(kind: kind.wireKind, itemSize: itemSize, byteOrder: byteOrder.wireOrder) else { return nil }
            self.init(wire: wire)
        }

        /// Parses a numpy `descr` string such as `<f8`, `|b1`, `=i4`, `>c16` or `|O`.
        public init?(descr: String) {
            if descr == "|O" || descr == "O" {
                self.init(wire: nil)
                return
            }
            guard let wire = NPYDType(descr: descr) else { return nil }
            self.init(wire: wire)
        }

        init(wire: NPYDType?) {
            guard let wire else {
                kind = .object
                itemSize = 8
                byteOrder = .notApplicable
                return
            }
            switch wire.kind {
            case .bool: kind = .bool
            case .signedInteger: kind = .signedInteger
            case .unsignedInteger: kind = .unsignedInteger
            case .float: kind = .float
            case .complex: kind = .complex
            }
            itemSize = wire.itemSize
            switch wire.byteOrder {
            case .little: byteOrder = .little
            case .big: byteOrder = .big
            case .notApplicable: byteOrder = .notApplicable
            }
        }

        /// The `.npy` dtype, or nil for the object dtype.
        var wire: NPYDType? {
            guard kind != .object else { return nil }
            return NPYDType(kind: kind.wireKind, itemSize: itemSize, byteOrder: byteOrder.wireOrder)
        }

        /// numpy's `descr` string: `<f8`, `|b1`, `>i4`, `|O`…
        public var descr: String { wire?.descr ?? "|O" }

        /// The `descr` string.
        public var description: String { descr }

        /// `<f8`
        public static let float64 = DType(wire: .float64)
        /// `<f4`
        public static let float32 = DType(wire: .float32)
        /// `<i8`
        public static let int64 = DType(wire: .int64)
        /// `<i4`
        public static let int32 = DType(wire: .int32)
        /// `|u1`
        public static let uint8 = DType(wire: NPYDType(kind: .unsignedInteger, itemSize: 1, byteOrder: .notApplicable))
        /// `|b1`
        public static let bool = DType(wire: .bool)
        /// `<c16`
        public static let complex128 = DType(wire: .complex128)
        /// `<c8`
        public static let complex64 = DType(wire: .complex64)
        /// `|O`: Python objects, sent as a JSON list.
        public static let object = DType(wire: nil)
    }
}

extension NDArray.DType.Kind {
    var wireKind: NPYDType.Kind {
        switch self {
        case .bool: return .bool
        case .signedInteger: return .signedInteger
        case .unsignedInteger: return .unsignedInteger
        case .float: return .float
        case .complex, .object: return .complex
        }
    }
}

extension NDArray.DType.ByteOrder {
    var wireOrder: NPYDType.ByteOrder {
        switch self {
        case .little: return .little
        case .big: return .big
        case .notApplicable: return .notApplicable
        }
    }
}
