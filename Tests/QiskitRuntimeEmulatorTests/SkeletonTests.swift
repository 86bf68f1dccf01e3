import Testing
@testable import QiskitRuntimeEmulator

@Test func skeletonBuilds() { #expect(Bool(true)) }
