import Testing
@testable import QiskitRuntime

@Test func skeletonBuilds() { #expect(Bool(true)) }
