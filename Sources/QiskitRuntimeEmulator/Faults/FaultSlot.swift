import RuntimeWire
/// An ``HTTPFault`` with its counters.
struct FaultSlot: Sendable {
    var fault: HTTPFault
    /// Matching requests seen so far.
    var seen = 0
    /// Requests this fault hit so far.
    var hits = 0

    /// The generator of a `.random` trigger.
    var rng: SplitMix64

    init(_ fault: HTTPFault) {
        self.fault = fault
        if case .random(_, let seed) = fault.trigger {
            rng = SplitMix64(seed: seed)
        } else {
            rng = SplitMix64(seed: 0)
        }
    }

    /// Counts a matching request; returns whether the fault hits it. A spent `.next` fault
    /// does not count the request, so a later fault in the list can take it.
    mutating func consume(_ endpoint: EmulatorEndpoint) -> Bool {
        if let target = fault.endpoint, target != endpoint { return false }
        switch fault.trigger {
        case .next(let count):
            guard hits < count else { return false }
            seen += 1
            hits += 1
            return true
        case .everyNth(let n):
            seen += 1
            guard n >= 1, seen % n == 0 else { return false }
            hits += 1
            return true
        case .random(let probability, _):
            seen += 1
            // 53 random bits as a double in [0, 1).
            let draw = Double(rng.next() >> 11) / 9_007_199_254_740_992
            guard draw < probability else { return false }
            hits += 1
            return true
        }
    }
}
