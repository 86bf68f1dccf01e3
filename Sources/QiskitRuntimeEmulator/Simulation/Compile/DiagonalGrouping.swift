import QuantumCircuits

/// Merges the diagonal work of a stage into table kernels: one sweep applies what would
/// otherwise be many.
///
/// Walking the stage's kernels in order, an open group collects every phase kernel that can
/// move back to the group's place (no kernel since then mixes its positions; diagonal kernels
/// commute) and the input phase `P(λ)` of every rotation whose target nothing mixed since (the
/// rotation stays where it is, without its phase). A layer of a brick circuit (its CZs and the
/// input phases of the next layer's rotations) becomes one group. A group is then written as
/// ``DiagonalTable`` kernels over bins of up to 12 positions (a phase spanning two bins stays a
/// phase kernel) when that costs less than applying its members one by one; otherwise its
/// phases stay phase kernels at the group's place and the rotations take their phases back.
enum DiagonalGrouping {
    private enum Slot {
        case operation(LocalOperation)
        case group(Int)
    }

    private struct Member {
        var mask: Int
        var value: Int
        var factor: ComplexNumber
        /// The slot of the rotation the phase was taken from, if any.
        var rotationSlot: Int?
    }

    private struct Group {
        var members: [Member] = []
        var mixedSince = 0
        var activeQubits = 0
    }

    /// The stage's kernels with its diagonal work grouped.
    static func apply(to operations: [LocalOperation]) -> [LocalOperation] {
        var slots: [Slot] = []
        var groups: [Group] = []
        var open: Int?
        func openGroup() -> Int {
            groups.append(Group())
            slots.append(.group(groups.count - 1))
            open = groups.count - 1
            return groups.count - 1
        }
        for operation in operations {
            if operation.conditionMask == 0, case .phase(let mask, let value, let factor) = operation.kernel {
                let group = open.flatMap { mask & groups[$0].mixedSince == 0 ? $0 : nil } ?? openGroup()
                groups[group].members.append(Member(mask: mask, value: value, factor: factor, rotationSlot: nil))
                groups[group].activeQubits = max(groups[group].activeQubits, operation.activeQubits)
                continue
            }
            if operation.conditionMask == 0, case .rotation(let target, let inputPhase, let cosine, let sine) = operation.kernel,
               inputPhase != .one
            {
                let bit = 1 << target
                let group = open.flatMap { bit & groups[$0].mixedSince == 0 ? $0 : nil } ?? openGroup()
                var plain = operation
                plain.kernel = .rotation(target: target, inputPhase: .one, cosine: cosine, sine: sine)
                slots.append(.operation(plain))
                groups[group].members.append(Member(mask: bit, value: bit, factor: inputPhase, rotationSlot: slots.count - 1))
                groups[group].activeQubits = max(groups[group].activeQubits, operation.activeQubits)
                groups[group].mixedSince |= bit
                continue
            }
            slots.append(.operation(operation))
            if let group = open { groups[group].mixedSince |= operation.kernel.mixingMask }
        }
        guard !groups.isEmpty else { return operations }
        var expansions: [[LocalOperation]] = []
        for group in groups { expansions.append(expand(group, slots: &slots)) }
        var result: [LocalOperation] = []
        result.reserveCapacity(operations.count)
        for slot in slots {
            switch slot {
            case .operation(let operation): result.append(operation)
            case .group(let index): result += expansions[index]
            }
        }
        return result
    }

    /// The kernels that replace a group at its place (and, when it is not worth a table, the
    /// rotations given their phases back).
    private static func expand(_ group: Group, slots: inout [Slot]) -> [LocalOperation] {
        var union = 0
        for member in group.members { union |= member.mask }
        let positions = CircuitCompiler.bits(of: union)
        var bins: [[Int]] = []
        var start = 0
        while start < positions.count {
            bins.append(Array(positions[start..<min(start + DiagonalTable.maximumQubits, positions.count)]))
            start += DiagonalTable.maximumQubits
        }
        let binMasks = bins.map { $0.reduce(0) { $0 | (1 << $1) } }
        // Estimated work per amplitude: a table sweep is one complex product per amplitude; a
        // rotation's input phase costs a third of that; a phase kernel one product on the
        // amplitudes it selects.
        var separateCost = 0.0
        var binned = [[Member]](repeating: [], count: bins.count)
        var leftover: [Member] = []
        for member in group.members {
            separateCost += member.rotationSlot == nil ? 1.0 / Double(1 << member.mask.nonzeroBitCount) + 0.1 : 0.25
            if let bin = binMasks.firstIndex(where: { member.mask & ~$0 == 0 }) {
                binned[bin].append(member)
            } else {
                leftover.append(member)
            }
        }
        let usedBins = binned.filter { !$0.isEmpty }.count
        let phaseKernel = { (member: Member) in
            LocalOperation(
                conditionMask: 0, conditionValue: 0, activeQubits: group.activeQubits,
                kernel: .phase(mask: member.mask, value: member.value, member.factor))
        }
        guard Double(usedBins) + 0.5 < separateCost else {
            var kernels: [LocalOperation] = []
            for member in group.members {
                if let slot = member.rotationSlot, case .operation(var rotation) = slots[slot],
                   case .rotation(let target, _, let cosine, let sine) = rotation.kernel
                {
                    rotation.kernel = .rotation(target: target, inputPhase: member.factor, cosine: cosine, sine: sine)
                    slots[slot] = .operation(rotation)
                } else {
                    kernels.append(phaseKernel(member))
                }
            }
            return kernels
        }
        var kernels: [LocalOperation] = []
        for (bin, members) in zip(bins, binned) where !members.isEmpty {
            let table = DiagonalTable(positions: bin, phases: members.map { ($0.mask, $0.value, $0.factor) })
            kernels.append(LocalOperation(conditionMask: 0, conditionValue: 0, activeQubits: group.activeQubits, kernel: .diagonal(table)))
        }
        return kernels + leftover.map(phaseKernel)
    }
}
