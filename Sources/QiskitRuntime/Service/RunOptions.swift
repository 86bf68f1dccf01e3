/// Options of ``RuntimeService/run(program:backend:inputs:options:)`` besides program, backend
/// and inputs. Each is sent in the `POST /jobs` body only when set.
///
/// ```swift
/// let options = RunOptions(tags: ["experiment-7"], maxExecutionTime: .seconds(300), isPrivate: true)
/// ```
public struct RunOptions: Sendable, Hashable {
    /// The runtime image, `name:tag`; sent as `runtime` (JSON `null` when not set on a legacy
    /// account, left out on an IBM Cloud account). Another form is refused before submitting
    /// (`.invalidArgument`), as the Python client refuses it.
    public var image: String?
    /// The program's log level (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`, any case); sent
    /// as given, as `log_level`, only when set. Another name is refused before submitting
    /// (`.invalidArgument`).
    public var logLevel: String?
    /// Tags to attach to the job; sent as `tags` only when set.
    public var tags: [String]?
    /// The session or batch to run the job in (`session_id`). ``RuntimeSession/run(program:inputs:options:)``
    /// sets it; a job in a session is polled every 100 ms instead of 500 ms.
    public var sessionID: String?
    /// The most time the job may run on the backend (`cost`, whole seconds, rounded up); past it
    /// the service cancels the job with reason code 1305 and the SDK reports it as
    /// ``JobStatus/error``. At least one second.
    public var maxExecutionTime: Duration?
    /// Whether the job is private (`private: true`): its result can be read only once, and its
    /// inputs and results are not kept by the service afterwards.
    public var isPrivate: Bool
    /// The calibration of the backend to run with (`calibration_id`), instead of the current one.
    public var calibrationID: String?

    /// Creates options; everything defaults to the service's choice.
    public init(
        image: String? = nil, logLevel: String? = nil, tags: [String]? = nil, sessionID: String? = nil,
        maxExecutionTime: Duration? = nil, isPrivate: Bool = false, calibrationID: String? = nil
    ) {
        self.image = image
        self.logLevel = logLevel
        self.tags = tags
        self.sessionID = sessionID
        self.maxExecutionTime = maxExecutionTime
        self.isPrivate = isPrivate
        self.calibrationID = calibrationID
    }

    /// ``maxExecutionTime`` in whole seconds, rounded up; throws `.invalidConfiguration` for less
    /// than one second.
    func costSeconds() throws -> Int64? {
        try maxExecutionTime?.wholeSecondsRoundedUp(name: "maxExecutionTime")
    }

    /// The checks the Python client makes before submitting (PROTOCOL §2.3.1): ``image`` in the
    /// form `image_name:tag`, ``logLevel`` a Python logging level name (any case).
    /// - Throws: `RuntimeError(.invalidArgument)`, with the Python client's message.
    func validate() throws {
        if let image, !Self.isImageReference(image) {
            throw RuntimeError(.invalidArgument, "\"image\" needs to be in form of image_name:tag")
        }
        if let logLevel, !Self.logLevels.contains(logLevel.uppercased()) {
            throw RuntimeError(
                .invalidArgument,
                "\(logLevel) is not a valid log level. The valid log levels are: `DEBUG`, `INFO`, `WARNING`, `ERROR`, and `CRITICAL`.")
        }
    }

    /// The names Python's `logging.getLevelName` maps to a level.
    static let logLevels: Set<String> = ["CRITICAL", "FATAL", "ERROR", "WARNING", "WARN", "INFO", "DEBUG", "NOTSET"]

    /// Whether `text` is `name:tag` as the Python client's pattern has it: the name is runs of
    /// letters and digits joined by one of `/ . - _`, the tag runs joined by one of `. - _`.
    static func isImageReference(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        func isRuns(_ part: Substring, joinedBy separators: Set<Character>) -> Bool {
            var previousWasSeparator = true
            for character in part {
                if character.isASCII, character.isLetter || character.isNumber {
                    previousWasSeparator = false
                } else if separators.contains(character), !previousWasSeparator {
                    previousWasSeparator = true
                } else {
                    return false
                }
            }
            return !previousWasSeparator
        }
        return isRuns(parts[0], joinedBy: ["/", ".", "-", "_"]) && isRuns(parts[1], joinedBy: [".", "-", "_"])
    }
}
