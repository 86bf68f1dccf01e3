/// A message the service sent back with a job it accepted: an entry of the `messages` list of
/// the `POST /jobs` answer, such as a warning that the instance is close to its usage limit.
///
/// The SDK logs each one (at ``RuntimeLogLevel/warning``, or ``RuntimeLogLevel/info`` for a
/// message whose level is `info`) and keeps them on the job as
/// ``RuntimeJob/submissionWarnings``.
public struct SubmissionWarning: Sendable, Hashable, CustomStringConvertible {
    /// The service's level, such as `warning` (lower-cased; `warning` when it gave none).
    public var level: String
    /// The message text (`data`; JSON text when it was not a string).
    public var message: String

    /// Creates a warning.
    public init(level: String, message: String) {
        self.level = level
        self.message = message
    }

    /// `<level>: <message>`.
    public var description: String { "\(level): \(message)" }
}
