import Testing
@testable import QiskitRuntime

/// `DictionaryBucketPredictor` follows how the standard library places `String` keys. Only the
/// speed of `counts()` depends on it; this suite says when a new standard library hashes
/// differently (then the bucket order is lost, not the counts).
@Suite("DictionaryBucketPredictor")
struct DictionaryBucketPredictorTests {
    @Test("keys whose predicted buckets differ are listed by the dictionary in that order", arguments: [14, 20, 127])
    func predictsBuckets(length: Int) throws {
        var dictionary = [String: Int](minimumCapacity: 6_000)
        let predictor = try #require(DictionaryBucketPredictor(&dictionary))
        #expect(predictor.mask + 1 >= 8_192)
        var generator = SystemRandomNumberGenerator()
        var taken = Set<Int>()
        var keys: [(bucket: Int, key: String)] = []
        while keys.count < 500 {
            var key = String((0..<length).map { _ in Bool.random(using: &generator) ? "1" : "0" })
            let bucket = key.withUTF8 { predictor.bucket(ofASCII: UnsafeRawBufferPointer($0)) }
            // Distinct, non-adjacent buckets: every key sits where it starts probing.
            guard !taken.contains(bucket), !taken.contains(bucket - 1), !taken.contains(bucket + 1) else { continue }
            taken.insert(bucket)
            keys.append((bucket, key))
        }
        for (index, item) in keys.enumerated().reversed() { dictionary[item.key] = index }
        #expect(dictionary.count == 500)
        #expect(Array(dictionary.keys) == keys.sorted { $0.bucket < $1.bucket }.map(\.key))
    }

    @Test("no prediction for a dictionary without storage")
    func emptyDictionary() {
        var empty: [String: Int] = [:]
        #expect(DictionaryBucketPredictor(&empty) == nil)
    }
}
