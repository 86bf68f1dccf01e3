/// Why a job failed, as `state.reason` and `state.reason_code` report it (PLATFORM.md §3).
///
/// The primitives use the service's codes where they exist: 1517 for a circuit outside the
/// backend's instruction set, 3211 for parameter, observable or register mapping problems, 1002
/// ("error in the validation process of the job") for other malformed input and for limits, and
/// 1000 for an internal error of the simulator.
struct JobFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The numeric reason code.
    var code: Int
    /// The reason, naming the pub and what is wrong.
    var message: String

    init(code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A circuit the backend cannot run (1517).
    static func isa(_ message: String) -> JobFailure { JobFailure(code: 1517, message) }

    /// Parameters, observables or registers that do not map onto the circuit (3211).
    static func mapping(_ message: String) -> JobFailure { JobFailure(code: 3211, message) }

    /// Malformed input or a limit (1002).
    static func validation(_ message: String) -> JobFailure { JobFailure(code: 1002, message) }

    /// A failure inside the emulator (1000).
    static func `internal`(_ message: String) -> JobFailure { JobFailure(code: 1000, message) }

    var description: String { "Error code \(code); \(message)" }
}
