/// The contents of a numpy `.npy` file: dtype, shape, memory order and the raw element bytes.
///
/// `data` holds the elements exactly as the file stores them: in the dtype's byte order, in C
/// (row-major) order, or in Fortran (column-major) order when `fortranOrder` is true.
package struct NPYArray: Sendable, Hashable {
    package var dtype: NPYDType
    /// The dimensions; empty for a 0-d (scalar) array.
    package var shape: [Int]
    package var fortranOrder: Bool
    package var data: [UInt8]

    package init(dtype: NPYDType, shape: [Int], fortranOrder: Bool = false, data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.fortranOrder = fortranOrder
        self.data = data
    }

    /// The number of elements (the product of the shape; 1 for a 0-d array), or nil on overflow
    /// or a negative dimension.
    package static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// The number of data bytes the shape and dtype call for, or nil on overflow.
    package static func byteCount(dtype: NPYDType, shape: [Int]) -> Int? {
        guard let count = elementCount(of: shape) else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        return overflow ? nil : bytes
    }
}
