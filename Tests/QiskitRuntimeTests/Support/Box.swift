@testable import QiskitRuntime

/// Carries a value out of a closure in tests.
final class Box: @unchecked Sendable {
    // Written once inside the closure and read after it returns: no concurrent access.
    var service: RuntimeService?
}
