/// How a job ends when nobody cancels it.
enum JobOutcome: Sendable, Hashable {
    case completed
    case failed
    case ranTooLong
}
