/// Builds an options object from optional fields: nil fields and empty sub-objects are left out.
struct OptionFields {
    private(set) var object = RuntimeObject()

    func set(_ key: String, _ value: RuntimeValue?) -> OptionFields {
        var copy = self
        switch value {
        case nil: break
        case .object(let inner)? where inner.isEmpty: break
        case let value?: copy.object[key] = value
        }
        return copy
    }

    func set(_ key: String, _ value: RuntimeObject?) -> OptionFields {
        set(key, value.map(RuntimeValue.object))
    }

    /// The options both primitives share (`default_shots`, `dynamical_decoupling`, `twirling`,
    /// `execution`), checked, after `leading` fields.
    static func primitive(
        leading: OptionFields = OptionFields(), defaultShots: Int?, dynamicalDecoupling: DynamicalDecouplingOptions,
        twirling: TwirlingOptions, execution: ExecutionOptions
    ) throws -> OptionFields {
        if let defaultShots, defaultShots < 1 { throw RuntimeError(.invalidArgument, "defaultShots must be positive, not \(defaultShots)") }
        try twirling.validate()
        return leading
            .set("default_shots", defaultShots.map { .integer(Int64($0)) })
            .set("dynamical_decoupling", dynamicalDecoupling.wireObject)
            .set("twirling", twirling.wireObject)
            .set("execution", execution.wireObject)
    }

    /// `base` with `overlay` merged in: objects merge key by key (recursively), anything else in
    /// `overlay` replaces.
    static func merged(_ base: RuntimeObject, _ overlay: RuntimeObject) -> RuntimeObject {
        var result = base
        for (key, value) in overlay {
            if case .object(let inner) = value, case .object(let existing)? = result[key] {
                result[key] = .object(merged(existing, inner))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
