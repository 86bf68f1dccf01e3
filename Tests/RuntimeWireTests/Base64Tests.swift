import Testing
@testable import RuntimeWire

private func decodeError(_ text: String) -> WireError? {
    do {
        _ = try Base64.decode(text)
        return nil
    } catch let error as WireError {
        return error
    } catch {
        return nil
    }
}

@Suite("Base64")
struct Base64Tests {
    @Test("RFC 4648 §10 vectors encode and decode", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfcVectors(plain: String, encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
        #expect(try Base64.decode(Array(encoded.utf8)) == Array(plain.utf8))
    }

    @Test("the whole alphabet, including + and /")
    func alphabet() throws {
        let bytes: [UInt8] = [0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8B, 0x30, 0xD3, 0x8F, 0x41, 0x14, 0x93,
                              0x51, 0x55, 0x97, 0x61, 0x96, 0x9B, 0x71, 0xD7, 0x9F, 0x82, 0x18, 0xA3, 0x92, 0x59, 0xA7,
                              0xA2, 0x9A, 0xAB, 0xB2, 0xDB, 0xAF, 0xC3, 0x1C, 0xB3, 0xD3, 0x5D, 0xB7, 0xE3, 0x9E, 0xBB,
                              0xF3, 0xDF, 0xBF]
        let text = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        #expect(Base64.encode(bytes) == text)
        #expect(try Base64.decode(text) == bytes)
    }

    @Test("every byte value and every length up to 300 round-trip")
    func roundTrip() throws {
        var bytes: [UInt8] = []
        for length in 0...300 {
            #expect(try Base64.decode(Base64.encode(bytes)) == bytes)
            bytes.append(UInt8(truncatingIfNeeded: length &* 167 &+ 13))
        }
    }

    @Test("PROTOCOL.md §5.4 V1 value decodes to a zlib stream and re-encodes identically")
    func protocolVector() throws {
        let bytes = try Base64.decode(ProtocolVectors.v1Base64)
        #expect(bytes.count == 91)
        #expect(Array(bytes.prefix(2)) == [0x78, 0x9C])
        #expect(Base64.encode(bytes) == ProtocolVectors.v1Base64)
    }

    @Test("rejections carry the offset of the offending character", arguments: [
        ("Zg=", 0), ("Zm9", 0), ("Zm9vY", 4), ("Zm 9v", 4),           // length
        ("Zm9v\n", 4), (" Zm9vAAA", 0), (" Zm9v", 4),
        ("Zm 9", 2), ("Zm9\n", 3), ("Zm9-", 3), ("Zm9_", 3), ("Zm9v!A==", 4), ("Zé=", 1),
        ("Zg=A", 2), ("=Zm9", 0), ("Zm=v", 2), ("Zg==Zm9v", 2), ("Zm8=Zm9v", 3), ("====", 0), ("Z===", 1),
        ("Zh==", 1), ("Zm9=", 2), ("Zm+=", 2), ("AB==", 1),          // non-zero trailing bits
    ])
    func rejections(text: String, offset: Int) {
        let error = decodeError(text)
        #expect(error?.code == .invalidBase64, "\(text)")
        #expect(error?.offset == offset, "\(text)")
    }

    @Test("a zero-trailing-bit final character is accepted")
    func canonicalPadding() throws {
        #expect(try Base64.decode("AA==") == [0])
        #expect(try Base64.decode("AAA=") == [0, 0])
        #expect(try Base64.decode("/w==") == [0xFF])
        #expect(try Base64.decode("//8=") == [0xFF, 0xFF])
    }
}

@Suite("Base64 wide decoding")
struct Base64WideDecodingTests {
    @Test("every length round-trips (4-byte stores stop before the end of the output)")
    func roundTripsEveryLength() throws {
        var bytes: [UInt8] = []
        for length in 0..<200 {
            let text = Base64.encode(bytes)
            #expect(try Base64.decode(text) == bytes, "length \(length)")
            bytes.append(UInt8(truncatingIfNeeded: length &* 37 &+ 11))
        }
    }

    @Test("a bad character anywhere reports its own offset")
    func badCharacterOffsets() throws {
        let text = Array(Base64.encode((0..<48).map { UInt8($0) }).utf8)
        for position in 0..<text.count {
            for bad in [UInt8(ascii: "*"), UInt8(ascii: "="), 0x80, 0x00] where !(bad == UInt8(ascii: "=") && position == text.count - 1) {
                var broken = text
                broken[position] = bad
                do {
                    _ = try Base64.decode(broken)
                    Issue.record("no error for byte \(bad) at \(position)")
                } catch let error as WireError {
                    #expect(error.code == .invalidBase64)
                    #expect(error.offset == position, "byte \(bad) at \(position)")
                }
            }
        }
    }
}
