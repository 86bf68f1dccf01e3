/// A binary min-heap: `first` is the smallest element (by `<`), insertion and removal are
/// O(log n). Elements that compare equal come out in no particular order.
///
/// The event loop's timers and the emulator's wake-up queue both use it.
package struct BinaryHeap<Element: Comparable> {
    @usableFromInline var storage: [Element] = []

    package init() {}

    package var isEmpty: Bool { storage.isEmpty }
    package var count: Int { storage.count }
    /// The smallest element, or nil when the heap is empty.
    package var first: Element? { storage.first }

    @inlinable
    package mutating func insert(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element, or nil when the heap is empty.
    @inlinable
    package mutating func removeFirst() -> Element? {
        guard let top = storage.first else { return nil }
        let last = storage.removeLast()
        if storage.isEmpty { return top }
        storage[0] = last
        siftDown(from: 0)
        return top
    }

    /// Removes every element matching `shouldBeRemoved` and restores the heap order, in O(n).
    package mutating func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        try storage.removeAll(where: shouldBeRemoved)
        var parent = storage.count / 2 - 1
        while parent >= 0 {
            siftDown(from: parent)
            parent -= 1
        }
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < storage.count, storage[left] < storage[smallest] { smallest = left }
            if right < storage.count, storage[right] < storage[smallest] { smallest = right }
            if smallest == parent { return }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

extension BinaryHeap: Sendable where Element: Sendable {}
