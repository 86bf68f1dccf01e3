import RuntimeWire

/// The instance's usage (PLATFORM.md §2, `GET /instances/usage`): the run time of the jobs
/// submitted through the v1 API against ``PlatformConfiguration/usageLimit``.
extension EmulatorService {
    /// Run time of the v1 jobs so far, in microseconds: from the instant each started running
    /// to its end (or now), or the wall time of a primitive job's simulation (see
    /// ``EmulatedJob/usage(at:)``), evicted jobs included. Jobs of the legacy API belong to no
    /// instance and do not count.
    func consumedUsage(at now: Int64) -> Int64 {
        state.withLock { state in
            var total = state.evictedUsage
            for job in state.jobs.values where job.platform.submittedViaV1 {
                total += job.usage(at: now)
            }
            return total
        }
    }

    /// The limit in microseconds, if there is one.
    var usageLimitMicroseconds: Int64? {
        configuration.platform.usageLimit.map { max(0, EmulatorClock.microseconds($0)) }
    }

    /// The refusal of a new job at the limit (error code 4317), or the warning of `POST /jobs`
    /// `messages` from the warning fraction on, or neither.
    func usageCheck(at now: Int64) throws(APIError) -> String? {
        guard let limit = usageLimitMicroseconds else { return nil }
        let consumed = consumedUsage(at: now)
        if consumed >= limit {
            throw APIError(
                status: 400, code: "4317", numericCode: 4317,
                message: "The instance has reached its usage limit (\(Self.seconds(consumed)) s of \(Self.seconds(limit)) s); "
                    + "new jobs are not accepted until time is made available.")
        }
        let fraction = configuration.platform.usageWarningFraction
        guard Double(consumed) >= fraction * Double(limit) else { return nil }
        let percent = limit > 0 ? consumed.multipliedReportingOverflow(by: 100).partialValue / limit : 100
        return "This instance has used \(percent)% of its usage limit (\(Self.seconds(consumed)) s of \(Self.seconds(limit)) s). "
            + "New jobs are refused once the limit is reached."
    }

    /// The body of `GET /instances/usage`.
    func usageJSON() -> JSONValue {
        let now = self.now
        let consumed = consumedUsage(at: now)
        let (days, _) = CivilDate.split(seconds: now / 1_000_000)
        let (year, month, _) = CivilDate.date(days: days)
        let start = CivilDate.days(year: year, month: month, day: 1) * 86_400 * 1_000_000
        let end = CivilDate.days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            * 86_400 * 1_000_000
        var members: [(String, JSONValue)] = [
            ("instance_id", .string(configuration.instanceCRN)),
            ("plan_id", .string(configuration.platform.openPlan ? "open" : "premium")),
            ("usage_period", .fields([("start_time", .timestamp(start)), ("end_time", .timestamp(end))])),
            ("usage_consumed_seconds", .double(Double(consumed) / 1_000_000)),
        ]
        if let limit = usageLimitMicroseconds {
            members.append(("usage_limit_seconds", .double(Double(limit) / 1_000_000)))
            members.append(("usage_limit_reached", .bool(consumed >= limit)))
        } else {
            members.append(("usage_limit_reached", .bool(false)))
        }
        return .fields(members)
    }

    /// Seconds with at most three decimals, for messages.
    static func seconds(_ micros: Int64) -> String {
        let value = (Double(micros) / 1000).rounded() / 1000
        return value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
