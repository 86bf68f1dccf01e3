/// Names one waiter of a ``WaiterQueue``. ``WaiterQueue/enqueue()`` hands them out in increasing
/// order, so a smaller id waited longer.
package struct WaiterID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let rawValue: UInt64

    package init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    package static func < (a: WaiterID, b: WaiterID) -> Bool { a.rawValue < b.rawValue }

    package var description: String { "waiter \(rawValue)" }
}
