/// A numbered error code of the Qiskit Runtime service, such as 4317 (usage limit reached).
///
/// The service names the reason for refusing a request with a number in its error body
/// (`{"errors": [{"code": 4317, "message": …}], "trace": …}`). A ``RuntimeError`` from such a
/// response carries it as ``RuntimeError/serviceCode`` (and as the plain integer
/// ``RuntimeError/serviceErrorCode``), so that a caller can react to it without matching message
/// text:
///
/// ```swift
/// do {
///     _ = try await service.run(program: "sampler", backend: "ibm_torino", inputs: inputs)
/// } catch let error as RuntimeError where error.serviceCode == .usageLimitReached {
///     // the instance used up its time for this period; submitting again will not help
/// }
/// ```
///
/// The static members name the codes IBM's service is known to send; any other number is a
/// `ServiceErrorCode` too (`ServiceErrorCode(rawValue: 1234)`), so a `switch` over codes should
/// keep a `default` case.
public struct ServiceErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number the service sent.
    public let rawValue: Int

    /// The code with this number.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// 1012: the user reached the maximum number of jobs running at the same time.
    public static let tooManyRunningJobs = ServiceErrorCode(rawValue: 1012)
    /// 1305: the job ran longer than its maximum execution time and was stopped (a job's reason code).
    public static let ranTooLong = ServiceErrorCode(rawValue: 1305)
    /// 1352: the plan does not allow dedicated sessions (the Open Plan runs batches only).
    public static let dedicatedSessionsNotAllowed = ServiceErrorCode(rawValue: 1352)
    /// 1517: a circuit is not in the backend's instruction set architecture (ISA): a gate outside
    /// its basis, or a two-qubit gate on an uncoupled pair. The service does not transpile.
    public static let notISA = ServiceErrorCode(rawValue: 1517)
    /// 3211: the circuit's registers or parameters could not be mapped.
    public static let mappingFailed = ServiceErrorCode(rawValue: 3211)
    /// 3458: the instance has too many pending jobs; wait for some to finish before submitting more.
    public static let tooManyPendingJobs = ServiceErrorCode(rawValue: 3458)
    /// 4317: the instance reached its usage limit for the current period.
    public static let usageLimitReached = ServiceErrorCode(rawValue: 4317)
    /// 5302: the request's payload is larger than the service accepts.
    public static let payloadTooLarge = ServiceErrorCode(rawValue: 5302)

    /// The number, such as `4317`.
    public var description: String { String(rawValue) }
}
