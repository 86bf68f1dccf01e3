/// One of ``JSONReader``'s stacks (the values of open arrays, or the members of open objects):
/// a container's elements are moved off it into one exactly sized array when the container
/// closes. It starts in memory the caller provides (such as stack memory from
/// `withUnsafeTemporaryAllocation`) and moves to the heap only beyond it; whatever is left on it
/// when a parse throws is destroyed in `deinit`.
struct JSONReaderStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private var owned: Bool
    /// The number of elements on the stack: a container's mark is the count when it opens.
    private(set) var count = 0

    /// A stack in `initial`, uninitialized memory the caller keeps valid (and does not otherwise
    /// use) for the stack's lifetime; an empty buffer starts a heap stack.
    init(_ initial: UnsafeMutableBufferPointer<Element>) {
        if let start = initial.baseAddress, initial.count > 0 {
            base = start
            capacity = initial.count
            owned = false
        } else {
            base = .allocate(capacity: 16)
            capacity = 16
            owned = true
        }
    }

    deinit {
        base.deinitialize(count: count)
        if owned { base.deallocate() }
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        if owned { base.deallocate() }
        owned = true
        base = grown
        capacity *= 2
    }

    /// Moves the elements from `mark` to the top into a new array.
    mutating func pop(from mark: Int) -> [Element] {
        var array: [Element] = []
        array.reserveCapacity(count - mark)
        for offset in mark..<count {
            array.append((base + offset).move())
        }
        count = mark
        return array
    }
}
