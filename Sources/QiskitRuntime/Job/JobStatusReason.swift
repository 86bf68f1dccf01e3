/// Why the service gave a job its status: the `state.reason`, `state.reason_code` and
/// `state.reason_solution` of an `/api/v1` job object (PLATFORM.md §3).
///
/// ```
/// {"state": {"status": "Cancelled", "reason": "Ran too long", "reason_code": 1305,
///            "reason_solution": "Increase the maximum execution time"}}
/// ```
///
/// Read it from ``RuntimeJob/statusReason`` after a status read. Reason code 1305 on a
/// `Cancelled` job means it ran past its time limit; the SDK reports that job as
/// ``JobStatus/error``, not as ``JobStatus/cancelled``. Other codes seen: 1517 (a circuit not in
/// the backend's instruction set), 3211 (mapping failed), 1352 (dedicated sessions not allowed on
/// the plan), 3458 (too many pending jobs), 4317 (usage limit reached), 5302 (payload too large).
public struct JobStatusReason: Sendable, Hashable, CustomStringConvertible {
    /// The numeric reason code (`reason_code`, also sent as `reasonCode`), such as 1305.
    public var code: Int?
    /// The service's text (`reason`), such as `Ran too long`.
    public var message: String?
    /// What the service suggests doing about it (`reason_solution`), if it says.
    public var solution: String?

    /// ``code`` as a ``ServiceErrorCode``: `job.statusReason?.serviceCode == .ranTooLong`.
    public var serviceCode: ServiceErrorCode? {
        code.map(ServiceErrorCode.init(rawValue:))
    }

    /// Creates a reason.
    public init(code: Int? = nil, message: String? = nil, solution: String? = nil) {
        self.code = code
        self.message = message
        self.solution = solution
    }

    /// `Error code <code>; <message>` (the form of the Python client), then
    /// ` (solution: <solution>)` when there is one.
    public var description: String {
        var text: String
        switch (code, message) {
        case let (code?, message?): text = "Error code \(code); \(message)"
        case let (code?, nil): text = "Error code \(code)"
        case let (nil, message?): text = message
        case (nil, nil): text = ""
        }
        if let solution, !solution.isEmpty {
            text += text.isEmpty ? "solution: \(solution)" : " (solution: \(solution))"
        }
        return text
    }
}
