import RuntimeWire

/// What a v1 `POST /jobs` adds to a job (PLATFORM.md §3): its session, whether it is private,
/// its time limit (`cost`) and calibration.
struct JobPlatformFields: Sendable, Hashable {
    /// Whether the job was submitted through the v1 API (only those count as instance usage).
    var submittedViaV1 = false
    var sessionID: String?
    /// A private job's result can be read once.
    var isPrivate = false
    /// Whether the result of a private job was read.
    var privateResultRead = false
    /// `cost` as sent (the time limit in seconds), echoed in the job JSON.
    var cost: JSONValue?
    var calibrationID: JSONValue?

    /// The tag that keeps a job running for S seconds (`emulator:running_s=S`).
    static let runningTagPrefix = "emulator:running_s="

    /// The run time the tags ask for, in microseconds (the last valid tag wins; 0…10,000,000 s).
    static func requestedRunDuration(tags: [String]) -> Int64? {
        var duration: Int64?
        for tag in tags where tag.hasPrefix(runningTagPrefix) {
            if let seconds = Double(tag.dropFirst(runningTagPrefix.count)), seconds.isFinite, seconds >= 0, seconds <= 10_000_000 {
                duration = Int64((seconds * 1_000_000).rounded())
            }
        }
        return duration
    }
}
