import Testing
@testable import RuntimeWire

@Suite("NPY codec")
struct NPYTests {
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var iterator = hex.filter { !$0.isWhitespace }.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            out.append(UInt8(String([high, low]), radix: 16) ?? 0)
        }
        return out
    }

    /// A file with a hand-written header (padded to 64 bytes like numpy does).
    static func file(header: String, version: UInt8 = 1, data: [UInt8] = []) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        let lengthSize = version == 1 ? 2 : 4
        while (6 + 2 + lengthSize + headerBytes.count + 1) % 64 != 0 { headerBytes.append(0x20) }
        headerBytes.append(0x0A)
        var out = NPY.magic + [version, 0]
        for shift in 0..<lengthSize { out.append(UInt8(truncatingIfNeeded: headerBytes.count >> (8 * shift))) }
        return out + headerBytes + data
    }

    static func code(_ body: () throws -> Void) -> (WireError.Code?, Int?) {
        do {
            try body()
            return (nil, nil)
        } catch let error as WireError {
            return (error.code, error.offset)
        } catch {
            return (nil, nil)
        }
    }

    @Test("reads the V1 vector's .npy bytes")
    func readV1() throws {
        let npy = Self.bytes(hex: """
            934e554d5059 0100 7600
            7b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d
            \(String(repeating: "20", count: 58)) 0a
            000000000000f03f 0000000000000040 0000000000000840 0000000000001040
            """)
        #expect(npy.count == 160)
        let array = try NPY.read(npy)
        #expect(array.dtype == .float64)
        #expect(array.shape == [2, 2])
        #expect(array.fortranOrder == false)
        #expect(array.data.count == 32)
        #expect(NPY.write(array) == npy)
    }

    /// Headers written by numpy 2.4 (`numpy.lib._format_impl._write_array_header`).
    static let numpyHeaders: [([Int], Bool, String, String)] = [
        ([], false, "<f8", "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([0], false, "<f8", "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028302c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([3], false, "|u1", "934e554d5059010076007b276465736372273a20277c7531272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([2, 2], false, "<f8", "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([3, 4], true, "<f8", "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028332c2034292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([2, 3, 4], false, ">i2", "934e554d5059010076007b276465736372273a20273e6932272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c20332c2034292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([1, 2, 3, 4, 5, 6, 7, 8], true, "<c8", "934e554d5059010076007b276465736372273a20273c6338272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028312c20322c20332c20342c20352c20362c20372c2038292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([1_000_000_000_000, 0], false, "|b1", "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028313030303030303030303030302c2030292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([123_456_789, 0, 5], true, "<i8", "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a20283132333435363738392c20302c2035292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
        ([Int](repeating: 0, count: 20), false, "<f4", "934e554d50590100b6007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c20302c2030292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"),
    ]

    @Test("writes headers byte-identical to numpy's (alignment, growth padding, tuple repr)")
    func writeMatchesNumpy() throws {
        for (shape, fortran, descr, hex) in Self.numpyHeaders {
            let dtype = try #require(NPYDType(descr: descr))
            let written = NPY.write(NPYArray(dtype: dtype, shape: shape, fortranOrder: fortran, data: []))
            #expect(written == Self.bytes(hex: hex), "\(shape) \(descr)")
            #expect(written.count % 64 == 0)
        }
    }

    @Test("switches to format 2.0 when the header exceeds 65535 bytes, as numpy does")
    func version2() throws {
        let array = NPYArray(dtype: .float64, shape: [Int](repeating: 0, count: 25_000), data: [])
        let written = NPY.write(array)
        // numpy 2.4 writes 75136 bytes starting 93 4e 55 4d 50 59 02 00 74 25 01 00.
        #expect(written.count == 75_136)
        #expect(Array(written.prefix(12)) == Self.bytes(hex: "934e554d5059020074250100"))
        #expect(try NPY.read(written) == array)
    }

    @Test("reads format 3.0 with a UTF-8 header")
    func version3() throws {
        let file = Self.file(header: "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", version: 3, data: [1, 0, 2, 0])
        let array = try NPY.read(file)
        #expect(array.dtype == NPYDType(kind: .signedInteger, itemSize: 2, byteOrder: .little))
        #expect(array.shape == [2])
        #expect(array.data == [1, 0, 2, 0])
    }

    @Test("parses header dicts in any key order, quoting and spacing")
    func headerVariants() throws {
        let variants: [(String, [Int], Bool)] = [
            ("{'shape': (2, 3), 'fortran_order': True, 'descr': '<f4'}", [2, 3], true),
            (#"{"descr":"<f4","fortran_order":False,"shape":(6,)}"#, [6], false),
            ("{ 'descr' : '<f4' ,\n 'fortran_order' : False , 'shape' : ( 1 , 2 , 3 , ) , }", [1, 2, 3], false),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (6L,)}", [6], false),
            ("{'descr': '=f4', 'fortran_order': False, 'shape': (2, 3)}", [2, 3], false),
        ]
        for (header, shape, fortran) in variants {
            let array = try NPY.read(Self.file(header: header, data: [UInt8](repeating: 0, count: 24)))
            #expect(array.shape == shape, "\(header)")
            #expect(array.fortranOrder == fortran)
            #expect(array.dtype == .float32)
        }
        let scalar = try NPY.read(Self.file(header: "{'descr': '|b1', 'fortran_order': False, 'shape': ()}", data: [1]))
        #expect(scalar.shape == [])
        #expect(scalar.dtype == .bool)
    }

    @Test("supports every simple descr and normalises one-byte orders to '|'")
    func descrs() throws {
        let supported = ["<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "|i1", "|u1", "<u2", "<u4", "<u8", "|b1", "<c16", "<c8",
                         ">f8", ">f4", ">i8", ">i4", ">i2", ">u2", ">u4", ">u8", ">c16", ">c8"]
        for descr in supported {
            let dtype = try #require(NPYDType(descr: descr))
            #expect(dtype.descr == descr)
        }
        #expect(NPYDType(descr: "<i1")?.descr == "|i1")
        #expect(NPYDType(descr: "=f8")?.descr == "<f8")
        #expect(NPYDType(descr: ">b1")?.descr == "|b1")
        for bad in ["<U3", "|O", "<f3", "<i16", "<c4", "<b2", "f8", "<V8", "<M8", ""] {
            #expect(NPYDType(descr: bad) == nil, "\(bad)")
        }
    }

    @Test("rejects malformed files with invalidNPY and the offset")
    func errors() {
        let good = Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8))
        var badMagic = good
        badMagic[2] = 0
        var badVersion = good
        badVersion[6] = 4
        let cases: [([UInt8], Int?)] = [
            ([], 0),
            (badMagic, 2),
            (badVersion, 6),
            (Array(good.prefix(40)), 8),
            (good + [0], 128),
            (Array(good.dropLast()), 128),
            (Self.file(header: "{'descr': '<U3', 'fortran_order': False, 'shape': (1,)}"), nil),
            (Self.file(header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'shape': (1,)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': Falsey, 'shape': (1,)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}"), nil),
            (Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} trailing"), nil),
            (Self.file(header: "{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}"), nil),
        ]
        for (bytes, offset) in cases {
            let (code, reported) = Self.code { _ = try NPY.read(bytes) }
            #expect(code == .invalidNPY, "\(bytes.count) bytes")
            if let offset { #expect(reported == offset) } else { #expect(reported != nil) }
        }
    }

    @Test("element counts and byte counts are overflow-safe")
    func overflow() {
        #expect(NPYArray.elementCount(of: []) == 1)
        #expect(NPYArray.elementCount(of: [0, Int.max]) == 0)
        #expect(NPYArray.elementCount(of: [Int.max, 2]) == nil)
        #expect(NPYArray.byteCount(dtype: .complex128, shape: [Int.max / 8]) == nil)
        #expect(NPYArray.elementCount(of: [-1]) == nil)
    }

    @Test("read(write(x)) == x for C, Fortran, 0-d and empty arrays")
    func roundTrip() throws {
        let arrays = [
            NPYArray(dtype: .float64, shape: [], data: [0, 0, 0, 0, 0, 0, 0x0c, 0x40]),
            NPYArray(dtype: .int32, shape: [2, 3], fortranOrder: true, data: [UInt8](repeating: 7, count: 24)),
            NPYArray(dtype: .complex64, shape: [0, 5], data: []),
            NPYArray(dtype: .bool, shape: [3], data: [1, 0, 1]),
        ]
        for array in arrays {
            #expect(try NPY.read(NPY.write(array)) == array)
        }
    }
}
