#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import QiskitRuntime

@Suite("NDArray")
struct NDArrayTests {
    static func decode(_ base64: String) throws -> (RuntimeValue, NDArray) {
        let text = #"{"__type__": "ndarray", "__value__": "\#(base64)"}"#
        let value = try RuntimeValue(json: text)
        #expect(value.json == text, "re-encoding must reproduce numpy + zlib output")
        return (value, try #require(value.ndarrayValue))
    }

    @Test("big-endian int32 in Fortran order keeps dtype and order, converts elements")
    func bigEndianFortran() throws {
        // numpy.array([[1, 2, 3], [4, 5, 6]], dtype='>i4', order='F')
        let (_, array) = try Self.decode("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBul2mirqOgnpZfVFKUmBefX5SSChIPKSpNBQoXZyQWpAK5GkY6CsaaOgq1CuQDLgYGBkYgZgFiJiBmBWJmIGYDAN03G1s=")
        #expect(array.dtype.descr == ">i4")
        #expect(array.dtype.byteOrder == .big)
        #expect(array.isFortranOrder)
        #expect(array.shape == [2, 3])
        #expect(array.int32s == [1, 4, 2, 5, 3, 6])
        #expect(array.int64s == [1, 4, 2, 5, 3, 6])
        #expect(array.doubles == [1, 4, 2, 5, 3, 6])
        #expect(array.nestedValues == [[1, 2, 3], [4, 5, 6]])
        #expect(array.float32s == nil)
        #expect(array.complexes == nil)
        #expect(array.bools == nil)
    }

    @Test("float16, large uint64, big-endian complex64 and a 3-D array")
    func otherDtypes() throws {
        let (_, half) = try Self.decode("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2akrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuBguGff+rAfvhHcg=")
        #expect(half.dtype.descr == "<f2")
        #expect(half.doubles == [0.5, -1.5, 65504])

        let (_, unsigned) = try Self.decode("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuU2qhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFACu/1DAyAABAHTxI2U=")
        #expect(unsigned.dtype.descr == "<u8")
        #expect(unsigned.int64s == nil)
        #expect(unsigned.nestedValues == [.bigInteger("18446744073709551615"), 1])

        let (_, complex) = try Self.decode("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBul2yhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAu+wYGBgcGIAYSB4BsACBfHhs=")
        #expect(complex.dtype.descr == ">c8")
        #expect(complex.complexes == [Complex(1, 2), Complex(3, -4)])

        let (_, cube) = try Self.decode("eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgrGOgommjoKtQrkAS4GFPDBHspwgFAcUFoASotAaQkoLQOlFaC0EpRWgdJqUFoDSmtBaR0orQelDaC0IZQ2gtLGUNoESptCaTMobe4AAIX2JXM=")
        #expect(cube.shape == [2, 3, 4])
        #expect(cube.count == 24)
        #expect(cube.nestedValues[1]?[2]?[3] == .double(23))
        #expect(cube.nestedValues[0]?[1]?[0] == .double(4))
    }

    @Test("initialisers from Swift arrays produce numpy's dtypes and validate the shape")
    func initialisers() throws {
        #expect(try NDArray(doubles: [1, 2]).dtype.descr == "<f8")
        #expect(try NDArray(float32s: [1]).float32s == [1])
        #expect(try NDArray(int64s: [-5, 7]).int64s == [-5, 7])
        #expect(try NDArray(int32s: [-5, 7]).int32s == [-5, 7])
        #expect(try NDArray(uint8s: [255]).int64s == [255])
        #expect(try NDArray(bools: [true, false]).bools == [true, false])
        #expect(try NDArray(complexes: [Complex(1, -1)]).complexes == [Complex(1, -1)])
        let matrix = try NDArray(doubles: [1, 2, 3, 4, 5, 6], shape: [3, 2], fortranOrder: true)
        #expect(matrix.nestedValues == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]])
        #expect(throws: RuntimeError.self) { try NDArray(doubles: [1, 2, 3], shape: [2, 2]) }
        #expect(throws: RuntimeError.self) { try NDArray(dtype: .float64, shape: [1], bytes: [0]) }
        #expect(throws: RuntimeError.self) { try NDArray(dtype: .object, shape: [0], bytes: []) }
    }

    @Test("encoding keeps dtype, byte order, shape and order through a round trip")
    func roundTrip() throws {
        let arrays = [
            try NDArray(dtype: NDArray.DType(descr: ">f8") ?? .float64, shape: [2], bytes: [0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]),
            try NDArray(int32s: [1, 2, 3, 4, 5, 6], shape: [2, 3], fortranOrder: true),
            try NDArray(doubles: [.nan], shape: []),
            try NDArray(complexes: [], shape: [0, 3]),
        ]
        for array in arrays {
            let value = RuntimeValue.ndarray(array)
            let decoded = try RuntimeValue(json: value.json)
            #expect(decoded == value)
            #expect(decoded.ndarrayValue?.dtype == array.dtype)
        }
        #expect(arrays[0].doubles == [1, 2])
    }

    @Test("dtype descr parsing and the object dtype")
    func dtypes() {
        #expect(NDArray.DType(descr: "|O") == .object)
        #expect(NDArray.DType(descr: "<i1")?.byteOrder == .notApplicable)
        #expect(NDArray.DType(kind: .float, itemSize: 3) == nil)
        #expect(NDArray.DType(kind: .complex, itemSize: 16, byteOrder: .big)?.descr == ">c16")
        #expect(NDArray.DType.object.descr == "|O")
    }

    @Test("an ndarray payload that inflates to a bad .npy reports invalidValue")
    func badPayload() {
        // zlib of "hello" is a valid stream but not a .npy file.
        #expect(performing: {
            try RuntimeValue(json: #"{"__type__": "ndarray", "__value__": "eJzLSM3JyQcABiwCFQ=="}"#)
        }, throws: { ($0 as? RuntimeError)?.code == .invalidValue })
    }
}

@Suite("NDArray edge cases")
struct NDArrayEdgeTests {
    @Test("arrays with a zero dimension give bounded nested lists")
    func zeroDimensions() throws {
        #expect(try NDArray(dtype: .float64, shape: [2, 0, 3], bytes: []).nestedValues == [[], []])
        #expect(try NDArray(dtype: .float64, shape: [0, 1 << 40], bytes: []).nestedValues == [])
        #expect(try NDArray(dtype: .float64, shape: [1 << 40, 0, 1 << 40], bytes: []).nestedValues == [])
        #expect(try NDArray(dtype: .float64, shape: [1 << 40, 0], bytes: []).count == 0)
    }

    @Test("dates outside Python's range are clamped instead of trapping")
    func extremeDates() {
        #expect(RuntimeDateTime(Date(timeIntervalSince1970: 1e300)).year == 9999)
        #expect(RuntimeDateTime(Date(timeIntervalSince1970: -1e300)).year == 1)
    }
}
