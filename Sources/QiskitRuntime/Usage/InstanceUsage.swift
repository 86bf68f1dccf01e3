import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How much of its time the instance has used in the current period (`GET /instances/usage`).
///
/// ```swift
/// let usage = try await service.usage()
/// if usage.isLimitReached { print("no time left until", usage.periodEnd.map(String.init(describing:)) ?? "?") }
/// ```
///
/// Times are in seconds of quantum time (the service's `usage_*_seconds`). ``limitSeconds`` is the
/// instance's own cap, ``allocationSeconds`` the time the account's plan gives it; either or both
/// may be missing.
public struct InstanceUsage: Sendable, Hashable {
    /// The instance (`instance_id`), if the service says.
    public var instanceID: String?
    /// The plan (`plan_id`), if the service says.
    public var planID: String?
    /// The time used so far in the period (`usage_consumed_seconds`).
    public var consumedSeconds: Double
    /// The instance's limit (`usage_limit_seconds`), if it has one.
    public var limitSeconds: Double?
    /// The time the plan allocates to the instance (`usage_allocation_seconds`), if any.
    public var allocationSeconds: Double?
    /// Whether the limit is reached (`usage_limit_reached`): new jobs will not run (the service
    /// refuses them with reason code 4317) until time is made available.
    public var isLimitReached: Bool
    /// When the period started (`usage_period.start_time`), if the service says.
    public var periodStart: Date?
    /// When the period ends (`usage_period.end_time`), if the service says.
    public var periodEnd: Date?
    /// The whole answer as the service sent it (`[:]` for a value made in code).
    public var document: RuntimeValue = [:]

    /// The time left: the limit (or, without one, the allocation) minus the time used, never
    /// negative; `nil` when there is neither (as the Python client computes
    /// `usage_remaining_seconds`).
    public var remainingSeconds: Double? {
        guard let cap = limitSeconds ?? allocationSeconds else { return nil }
        return max(cap - consumedSeconds, 0)
    }

    /// Creates a usage value.
    public init(
        instanceID: String? = nil, planID: String? = nil, consumedSeconds: Double, limitSeconds: Double? = nil,
        allocationSeconds: Double? = nil, isLimitReached: Bool = false, periodStart: Date? = nil, periodEnd: Date? = nil
    ) {
        self.instanceID = instanceID
        self.planID = planID
        self.consumedSeconds = consumedSeconds
        self.limitSeconds = limitSeconds
        self.allocationSeconds = allocationSeconds
        self.isLimitReached = isLimitReached
        self.periodStart = periodStart
        self.periodEnd = periodEnd
    }

    /// Reads the answer of `GET /instances/usage`; an answer that is not an object, or holds a
    /// tagged value (`__type__`) that cannot be read, is an error.
    init(json: JSONValue) throws {
        guard json.objectValue != nil else {
            throw RuntimeError(.invalidResponse, "the instance usage is not a JSON object")
        }
        let period = json["usage_period"]
        self.init(
            instanceID: json["instance_id"]?.stringValue, planID: json["plan_id"]?.stringValue,
            consumedSeconds: max(json["usage_consumed_seconds"]?.finiteNumber ?? 0, 0),
            limitSeconds: json["usage_limit_seconds"]?.finiteNumber,
            allocationSeconds: json["usage_allocation_seconds"]?.finiteNumber,
            isLimitReached: json["usage_limit_reached"]?.looseBool ?? false,
            periodStart: period?["start_time"]?.date, periodEnd: period?["end_time"]?.date)
        document = try WireJSON.runtimeValue(json)
    }
}
