/// A timer set by a ``DeadlineScheduler``, to cancel it with.
package struct DeadlineTimer: Hashable, Sendable {
    package let id: UInt64

    package init(id: UInt64) {
        self.id = id
    }
}
