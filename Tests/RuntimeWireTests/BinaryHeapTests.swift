import Testing
@testable import RuntimeWire

@Suite("Binary heap")
struct BinaryHeapTests {
    @Test("removeFirst yields the elements in ascending order, duplicates included")
    func ascendingOrder() {
        var heap = BinaryHeap<Int>()
        #expect(heap.isEmpty)
        #expect(heap.removeFirst() == nil)
        let values = [7, 3, 9, 1, 3, 8, 2, 6, 5, 4, 0, 9]
        for value in values { heap.insert(value) }
        #expect(heap.count == values.count)
        #expect(heap.first == 0)
        var out: [Int] = []
        while let value = heap.removeFirst() { out.append(value) }
        #expect(out == values.sorted())
        #expect(heap.isEmpty)
    }

    @Test("interleaved inserts and removals keep the minimum on top")
    func interleaved() {
        var heap = BinaryHeap<Int>()
        var model: [Int] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for step in 0..<2000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Int(seed >> 40) % 1000
            if step % 3 == 2 {
                let expected = model.min()
                if let expected { model.remove(at: model.firstIndex(of: expected) ?? 0) }
                #expect(heap.removeFirst() == expected)
            } else {
                heap.insert(value)
                model.append(value)
            }
            #expect(heap.first == model.min())
            #expect(heap.count == model.count)
        }
    }

    @Test("removeAll(where:) drops the matching elements and keeps the heap order")
    func removeAllWhere() {
        var heap = BinaryHeap<Int>()
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        var values: [Int] = []
        for _ in 0..<500 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Int(seed >> 40) % 1000
            values.append(value)
            heap.insert(value)
        }
        heap.removeAll { $0 % 3 == 0 }
        let kept = values.filter { $0 % 3 != 0 }.sorted()
        #expect(heap.count == kept.count)
        var out: [Int] = []
        while let value = heap.removeFirst() { out.append(value) }
        #expect(out == kept)
        heap.insert(5)
        heap.removeAll { _ in true }
        #expect(heap.isEmpty)
    }
}
