import Testing
@testable import RuntimeIO

@Test func skeletonBuilds() { #expect(Bool(true)) }
