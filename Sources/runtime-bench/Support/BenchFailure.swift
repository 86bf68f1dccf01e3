/// A failure of the bench itself (bad arguments, a child that would not start, a wrong result).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
