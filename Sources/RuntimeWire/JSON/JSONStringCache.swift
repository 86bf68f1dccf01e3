/// A direct-mapped cache of short ASCII object keys for one parse: keys repeat thousands of times
/// in a large document, and a hit hands out the `String` made the first time instead of
/// validating and building a new one. (String values repeat far less; caching them did not pay.)
///
/// A slot holds up to ``maximumLength`` bytes as three little-endian words (bytes past the length
/// are zero) plus the length; a lookup compares all four words, so a hit is exactly the same bytes.
/// Memory is allocated on the first lookup, sized by the document length (a 1 KB message does not
/// pay for the table a 10 MB document wants).
struct JSONStringCache: ~Copyable {
    /// The longest string the cache holds.
    static let maximumLength = 24
    /// The bytes a lookup may read from the start of the string (whole words, past its end).
    static let readLength = 24

    private let slotBits: Int
    /// Four words per slot: three of text, one length (`UInt64.max` for an empty slot).
    private var words: UnsafeMutablePointer<UInt64>?
    private var strings: UnsafeMutablePointer<String>?

    init(documentLength: Int) {
        if documentLength < 8_192 {
            slotBits = 5
        } else if documentLength < 1 << 20 {
            slotBits = 8
        } else {
            slotBits = 10
        }
    }

    deinit {
        if let strings {
            strings.deinitialize(count: 1 << slotBits)
            strings.deallocate()
        }
        words?.deallocate()
    }

    /// Keeps the low `byteCount` bytes of a little-endian word (0 ≤ byteCount, any upper value).
    @inline(__always)
    private static func low(_ word: UInt64, bytes byteCount: Int) -> UInt64 {
        if byteCount >= 8 { return word }
        if byteCount <= 0 { return 0 }
        return word & ((1 << UInt64(byteCount &* 8)) &- 1)
    }

    /// The string of the `length` ASCII bytes at `start`. The caller guarantees `length` ≤
    /// ``maximumLength``, that the bytes are ASCII, and that ``readLength`` bytes are readable.
    @inline(__always)
    mutating func string(at start: UnsafePointer<UInt8>, length: Int) -> String {
        let raw = UnsafeRawPointer(start)
        let w0 = Self.low(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)), bytes: length)
        let w1 = Self.low(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)), bytes: length &- 8)
        let w2 = Self.low(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)), bytes: length &- 16)
        let tag = UInt64(length)
        let mixed = (w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15) ^ (w2 &* 0xC2B2_AE3D_27D4_EB4F) ^ tag) &* 0xFF51_AFD7_ED55_8CCD
        let slot = Int(truncatingIfNeeded: mixed >> UInt64(64 - slotBits))
        let (words, strings) = storage()
        let entry = words + slot &* 4
        if entry[0] == w0, entry[1] == w1, entry[2] == w2, entry[3] == tag {
            return strings[slot]
        }
        let text = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
        entry[0] = w0
        entry[1] = w1
        entry[2] = w2
        entry[3] = tag
        strings[slot] = text
        return text
    }

    @inline(__always)
    private mutating func storage() -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<String>) {
        if let words, let strings { return (words, strings) }
        return allocate()
    }

    private mutating func allocate() -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<String>) {
        let slots = 1 << slotBits
        let newWords = UnsafeMutablePointer<UInt64>.allocate(capacity: slots * 4)
        newWords.initialize(repeating: .max, count: slots * 4)
        let newStrings = UnsafeMutablePointer<String>.allocate(capacity: slots)
        newStrings.initialize(repeating: "", count: slots)
        words = newWords
        strings = newStrings
        return (newWords, newStrings)
    }
}
