/// Exactly-once bookkeeping of one interim-result stream across reconnects (DESIGN §5).
///
/// The protocol has no sequence numbers. The REST list `GET /jobs/{id}/interim_results`, fetched
/// after the ACK of every connection, is the authority for order: its first ``deliveredCount``
/// entries (oldest first) were delivered already — checked against the payload text of the last
/// one delivered — and the rest are delivered now. The live frames of that connection start at
/// some unknown entry of the list's not-yet-seen part (messages published between the ACK and the
/// fetch arrive on both paths) or after its end, so each live frame is matched by payload text
/// against every position it could continue; a frame that continues one is a duplicate.
///
/// The residual ambiguity: a *new* message whose payload text equals the list entry at a position
/// the live frames could still be continuing (identical consecutive payloads) is taken for a
/// duplicate. Distinct payloads are delivered exactly once.
struct InterimResultLedger: Sendable {
    /// How many messages were delivered so far.
    private(set) var deliveredCount = 0
    private var lastDelivered: String?
    /// The list entries this connection's live frames may repeat.
    private var window: [String] = []
    /// Positions in `window` the next live frame may repeat.
    private var candidates: [Int] = []

    /// Takes the list fetched after a connection's ACK (oldest first); returns the entries not yet
    /// delivered, in order, and counts them as delivered.
    mutating func catchUp(list: [String]) -> [String] {
        let start = firstUndelivered(in: list)
        let fresh = Array(list[start...])
        window = fresh
        candidates = Array(fresh.indices)
        deliveredCount += fresh.count
        if let last = fresh.last { lastDelivered = last }
        return fresh
    }

    /// Whether a live frame is new (and counts it as delivered) or a duplicate of a list entry.
    mutating func acceptLive(_ text: String) -> Bool {
        if !candidates.isEmpty {
            var next: [Int] = []
            for position in candidates where window[position] == text && position + 1 < window.count {
                next.append(position + 1)
            }
            let duplicate = candidates.contains { window[$0] == text }
            if duplicate {
                candidates = next
                if next.isEmpty { window = [] }
                return false
            }
            candidates = []
            window = []
        }
        deliveredCount += 1
        lastDelivered = text
        return true
    }

    /// The list entry that `text` is a strict prefix of, among those the next live frame may
    /// repeat: `text` is then that entry cut in transit (it is not JSON, the entry is).
    func repeatedEntry(cutTo text: String) -> String? {
        for position in candidates {
            let entry = window[position]
            if entry.utf8.count > text.utf8.count, entry.utf8.starts(with: text.utf8) { return entry }
        }
        return nil
    }

    /// Counts `text` as a new message at the next position, whatever the list entries the live
    /// frames may be repeating (they are not matched any more).
    mutating func acceptAsNew(_ text: String) {
        candidates = []
        window = []
        deliveredCount += 1
        lastDelivered = text
    }

    /// The index of the first list entry not delivered yet.
    private func firstUndelivered(in list: [String]) -> Int {
        guard deliveredCount > 0, let lastDelivered else { return 0 }
        if list.count >= deliveredCount, list[deliveredCount - 1] == lastDelivered { return deliveredCount }
        // The list does not line up with the count (entries expired or reordered): resume after
        // the last occurrence of the last delivered payload, or else trust the count.
        if let index = list.lastIndex(of: lastDelivered) { return index + 1 }
        return min(deliveredCount, list.count)
    }
}
