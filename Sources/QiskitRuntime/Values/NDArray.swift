import RuntimeWire

/// A numpy array as the service sends it: dtype, shape, memory order and the raw element bytes.
///
/// On the wire an array of a numeric dtype is `{"__type__": "ndarray", "__value__": base64(zlib(.npy))}`
/// (PROTOCOL.md §5.3); an array of the object dtype is sent as a JSON list and kept here as
/// ``objectElements``. Nothing is converted on decoding: ``bytes`` holds the elements exactly
/// as numpy stored them, in the dtype's byte order, in C order or, when ``isFortranOrder`` is
/// true, in Fortran (column-major) order. Encoding writes the same dtype, shape and order back.
///
/// The typed accessors (``doubles``, ``int64s``, ``complexes``…) return the elements in storage
/// order converted to native values; ``nestedValues`` gives the nested lists of `tolist()`.
///
/// ```swift
/// let matrix = try NDArray(doubles: [1, 2, 3, 4], shape: [2, 2])
/// let value: RuntimeValue = ["arr": .ndarray(matrix)]
/// ```
public struct NDArray: Sendable, Hashable {
    /// The element type.
    public let dtype: DType
    /// The dimensions; empty for a 0-d (scalar) array.
    public let shape: [Int]
    /// Whether ``bytes`` are in Fortran (column-major) order rather than C (row-major) order.
    public let isFortranOrder: Bool
    /// The raw element bytes (empty for the object dtype).
    public let bytes: [UInt8]
    /// For the object dtype: the elements of the JSON list (or the single scalar of a 0-d array).
    public let objectElements: [RuntimeValue]

    /// Creates an array from raw bytes.
    /// - Throws: `RuntimeError(.invalidValue)` when `bytes.count` is not the product of `shape`
    ///   times the item size, or `dtype` is the object dtype.
    public init(dtype: DType, shape: [Int], fortranOrder: Bool = false, bytes: [UInt8]) throws {
        guard let wire = dtype.wire else {
            throw RuntimeError(.invalidValue, "an object-dtype ndarray has no raw bytes; use init(objects:)")
        }
        guard let expected = NPYArray.byteCount(dtype: wire, shape: shape), expected == bytes.count else {
            throw RuntimeError(.invalidValue, "shape \(shape) of \(dtype) does not match \(bytes.count) bytes")
        }
        self.dtype = dtype
        self.shape = shape
        self.isFortranOrder = fortranOrder
        self.bytes = bytes
        self.objectElements = []
    }

    /// Creates an object-dtype array (`numpy.array([...], dtype=object)`), sent as a JSON list.
    public init(objects: [RuntimeValue]) {
        dtype = .object
        shape = [objects.count]
        isFortranOrder = false
        bytes = []
        objectElements = objects
    }

    /// A 0-d object array holding one scalar, which qiskit-ibm-runtime 0.51 sends as a bare value.
    init(objectScalar: RuntimeValue) {
        dtype = .object
        shape = []
        isFortranOrder = false
        bytes = []
        objectElements = [objectScalar]
    }

    init(npy: NPYArray) {
        dtype = DType(wire: npy.dtype)
        shape = npy.shape
        isFortranOrder = npy.fortranOrder
        bytes = npy.data
        objectElements = []
    }

    /// The `.npy` form, or nil for the object dtype.
    var npy: NPYArray? {
        guard let wire = dtype.wire else { return nil }
        return NPYArray(dtype: wire, shape: shape, fortranOrder: isFortranOrder, data: bytes)
    }

    /// The number of elements (1 for a 0-d array).
    public var count: Int {
        if dtype.kind == .object { return objectElements.count }
        return dtype.itemSize == 0 ? 0 : bytes.count / dtype.itemSize
    }

    // MARK: - Creating from Swift arrays

    /// Creates a `<f8` array; `shape` defaults to one dimension.
    /// - Throws: `RuntimeError(.invalidValue)` when the shape does not hold `doubles.count` elements.
    public init(doubles: [Double], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        try self.init(dtype: .float64, shape: shape ?? [doubles.count], fortranOrder: fortranOrder,
                      bytes: NDArray.pack(doubles.map { $0.bitPattern }, size: 8))
    }

    /// Creates a `<f4` array; `shape` defaults to one dimension.
    public init(float32s: [Float], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        try self.init(dtype: .float32, shape: shape ?? [float32s.count], fortranOrder: fortranOrder,
                      bytes: NDArray.pack(float32s.map { UInt64($0.bitPattern) }, size: 4))
    }

    /// Creates an `<i8` array; `shape` defaults to one dimension.
    public init(int64s: [Int64], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        try self.init(dtype: .int64, shape: shape ?? [int64s.count], fortranOrder: fortranOrder,
                      bytes: NDArray.pack(int64s.map { UInt64(bitPattern: $0) }, size: 8))
    }

    /// Creates an `<i4` array; `shape` defaults to one dimension.
    public init(int32s: [Int32], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        try self.init(dtype: .int32, shape: shape ?? [int32s.count], fortranOrder: fortranOrder,
                      bytes: NDArray.pack(int32s.map { UInt64(UInt32(bitPattern: $0)) }, size: 4))
    }

    /// Creates a `|u1` array; `shape` defaults to one dimension.
    public init(uint8s: [UInt8], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        try self.init(dtype: .uint8, shape: shape ?? [uint8s.count], fortranOrder: fortranOrder, bytes: uint8s)
    }

    /// Creates a `|b1` array; `shape` defaults to one dimension.
    public init(bools: [Bool], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        try self.init(dtype: .bool, shape: shape ?? [bools.count], fortranOrder: fortranOrder,
                      bytes: bools.map { $0 ? 1 : 0 })
    }

    /// Creates a `<c16` array; `shape` defaults to one dimension.
    public init(complexes: [Complex], shape: [Int]? = nil, fortranOrder: Bool = false) throws {
        var parts: [UInt64] = []
        parts.reserveCapacity(complexes.count * 2)
        for value in complexes {
            parts.append(value.real.bitPattern)
            parts.append(value.imaginary.bitPattern)
        }
        try self.init(dtype: .complex128, shape: shape ?? [complexes.count], fortranOrder: fortranOrder,
                      bytes: NDArray.pack(parts, size: 8))
    }

    private static func pack(_ words: [UInt64], size: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(words.count * size)
        for word in words {
            for shift in 0..<size { out.append(UInt8(truncatingIfNeeded: word >> (8 * shift))) }
        }
        return out
    }

    // MARK: - Typed accessors (storage order)

    /// The raw bits of element `index` of item size `size` starting `extra` bytes into the element,
    /// in native order.
    private func bits(_ index: Int, size: Int, extra: Int = 0) -> UInt64 {
        let start = index * dtype.itemSize + extra
        var word: UInt64 = 0
        if dtype.byteOrder == .big {
            for k in 0..<size { word = word << 8 | UInt64(bytes[start + k]) }
        } else {
            for k in 0..<size { word |= UInt64(bytes[start + k]) << (8 * k) }
        }
        return word
    }

    private func float(_ index: Int, size: Int, extra: Int = 0) -> Double {
        let word = bits(index, size: size, extra: extra)
        switch size {
        case 8: return Double(bitPattern: word)
        case 4: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: word)))
        default: return NDArray.halfToDouble(UInt16(truncatingIfNeeded: word))
        }
    }

    private static func halfToDouble(_ h: UInt16) -> Double {
        let sign: Double = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int(h >> 10 & 0x1F)
        let fraction = Double(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    private func signed(_ index: Int) -> Int64 {
        let size = dtype.itemSize
        let word = bits(index, size: size)
        let shift = UInt64(64 - 8 * size)
        return Int64(bitPattern: word << shift) >> Int64(shift)
    }

    /// The elements as doubles, for bool, integer and float dtypes (integers and bools convert);
    /// nil for complex and object arrays.
    public var doubles: [Double]? {
        switch dtype.kind {
        case .float: return (0..<count).map { float($0, size: dtype.itemSize) }
        case .signedInteger: return (0..<count).map { Double(signed($0)) }
        case .unsignedInteger, .bool: return (0..<count).map { Double(bits($0, size: dtype.itemSize)) }
        case .complex, .object: return nil
        }
    }

    /// The elements of a `f4` array; nil for any other dtype.
    public var float32s: [Float]? {
        guard dtype.kind == .float, dtype.itemSize == 4 else { return nil }
        return (0..<count).map { Float(bitPattern: UInt32(truncatingIfNeeded: bits($0, size: 4))) }
    }

    /// The elements of a signed, unsigned or bool array as `Int64`; nil for other dtypes or when a
    /// `u8` element exceeds `Int64.max`.
    public var int64s: [Int64]? {
        switch dtype.kind {
        case .signedInteger: return (0..<count).map { signed($0) }
        case .unsignedInteger, .bool:
            var out: [Int64] = []
            out.reserveCapacity(count)
            for index in 0..<count {
                guard let value = Int64(exactly: bits(index, size: dtype.itemSize)) else { return nil }
                out.append(value)
            }
            return out
        default: return nil
        }
    }

    /// The elements of an integer or bool array whose dtype fits in `Int32` (`i1`, `i2`, `i4`,
    /// `u1`, `u2`, `b1`); nil otherwise.
    public var int32s: [Int32]? {
        switch (dtype.kind, dtype.itemSize) {
        case (.signedInteger, 1...4): return (0..<count).map { Int32(truncatingIfNeeded: signed($0)) }
        case (.unsignedInteger, 1...2), (.bool, _): return (0..<count).map { Int32(truncatingIfNeeded: bits($0, size: dtype.itemSize)) }
        default: return nil
        }
    }

    /// The elements of a `|b1` array; nil for any other dtype.
    public var bools: [Bool]? {
        guard dtype.kind == .bool else { return nil }
        return bytes.map { $0 != 0 }
    }

    /// The elements of a complex (`c8`, `c16`) array; nil for any other dtype.
    public var complexes: [Complex]? {
        guard dtype.kind == .complex else { return nil }
        let half = dtype.itemSize / 2
        return (0..<count).map { Complex(float($0, size: half), float($0, size: half, extra: half)) }
    }

    /// Element `index` (in storage order) as a ``RuntimeValue``: `.bool`, `.integer` (or
    /// `.bigInteger` for large `u8` values), `.double` or `.complex`.
    private func element(_ index: Int) -> RuntimeValue {
        switch dtype.kind {
        case .bool: return .bool(bytes[index] != 0)
        case .signedInteger: return .integer(signed(index))
        case .unsignedInteger:
            let word = bits(index, size: dtype.itemSize)
            if let value = Int64(exactly: word) { return .integer(value) }
            return .bigInteger(String(word))
        case .float: return .double(float(index, size: dtype.itemSize))
        case .complex:
            let half = dtype.itemSize / 2
            return .complex(Complex(float(index, size: half), float(index, size: half, extra: half)))
        case .object: return objectElements.indices.contains(index) ? objectElements[index] : .null
        }
    }

    /// The array as nested lists, as numpy's `tolist()` gives it: a 0-d array is its scalar, a 1-D
    /// array an `.array` of scalars, and so on, always in logical (C) index order whatever the
    /// storage order. For an array with no elements, the nesting stops at the first zero
    /// dimension, and at `[]` when more than 65,536 empty lists would be needed.
    public var nestedValues: RuntimeValue {
        if dtype.kind == .object {
            return shape.isEmpty ? (objectElements.first ?? .null) : .array(objectElements)
        }
        if shape.isEmpty { return count > 0 ? element(0) : .null }
        if count == 0 { return emptyNestedValues }
        // Strides in elements for the storage order.
        var strides = [Int](repeating: 1, count: shape.count)
        if isFortranOrder {
            for axis in 1..<max(shape.count, 1) where axis < shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        } else {
            var axis = shape.count - 2
            while axis >= 0 {
                strides[axis] = strides[axis + 1] * shape[axis + 1]
                axis -= 1
            }
        }
        func build(axis: Int, offset: Int) -> RuntimeValue {
            if axis == shape.count - 1 {
                return .array((0..<shape[axis]).map { element(offset + $0 * strides[axis]) })
            }
            return .array((0..<shape[axis]).map { build(axis: axis + 1, offset: offset + $0 * strides[axis]) })
        }
        return build(axis: 0, offset: 0)
    }

    /// The nested empty lists of an array with a zero dimension (bounded, see ``nestedValues``).
    private var emptyNestedValues: RuntimeValue {
        guard let zeroAxis = shape.firstIndex(of: 0) else { return .array([]) }
        var lists = 1
        for dim in shape[..<zeroAxis] {
            let (product, overflow) = lists.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= 65_536 else { return .array([]) }
            lists = product
        }
        func build(axis: Int) -> RuntimeValue {
            axis == zeroAxis ? .array([]) : .array((0..<shape[axis]).map { _ in build(axis: axis + 1) })
        }
        return build(axis: 0)
    }
}
