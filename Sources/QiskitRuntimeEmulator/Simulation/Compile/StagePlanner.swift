/// Groups kernels into stages (passes over the state) so that one pass applies as many gates as
/// possible while each cache block is in cache.
///
/// A stage chooses up to `blockQubits` local positions. Walking the remaining kernels in order,
/// it takes every kernel whose mixed positions (targets, dense operands) fit in the local set,
/// adding them to it while there is room; a kernel that does not fit is deferred, and so is every
/// later kernel that shares a position with a deferred one (kernels on disjoint positions commute,
/// so the order of what is applied stays valid). Diagonal kernels and controls never need to be
/// local: outside the block they select whole blocks. While the active prefix of the state is at
/// most `blockQubits` positions, the whole prefix is one block and every kernel fits.
struct StagePlanner {
    /// The most local positions of a stage.
    let blockQubits: Int
    /// The lowest positions every gathered block keeps, so it is copied in runs.
    let lowQubits: Int
    /// Merges each stage's diagonal work into table kernels (``DiagonalGrouping``).
    var groupsDiagonals = true

    /// The stages that apply `kernels` (each with the extent after it) in order, on a state whose
    /// amplitudes beyond 2^initialExtent are 0.
    func plan(_ kernels: [(kernel: KernelOperation, extent: Int)], initialExtent: Int = 0) -> [Stage] {
        var stages: [Stage] = []
        var isTaken = [Bool](repeating: false, count: kernels.count)
        var first = 0
        // The positions some kernel at or after each index touches: once all of them are blocked,
        // nothing further can join the stage and the walk stops.
        var laterTouch = [Int](repeating: 0, count: kernels.count + 1)
        for index in kernels.indices.reversed() { laterTouch[index] = laterTouch[index + 1] | kernels[index].kernel.touchMask }
        // Amplitudes of positions that earlier stages reached may be non-zero in every later stage.
        var stateExtent = initialExtent
        while first < kernels.count {
            var local = 0
            var blocked = 0
            var extent = stateExtent
            var taken: [Int] = []
            var index = first
            while index < kernels.count && laterTouch[index] & ~blocked != 0 {
                defer { index += 1 }
                if isTaken[index] { continue }
                let (kernel, kernelExtent) = kernels[index]
                let touch = kernel.touchMask
                if touch & blocked != 0 {
                    blocked |= touch
                    continue
                }
                let newLocal = local | kernel.mixingMask
                let newExtent = max(extent, kernelExtent)
                let low = (1 << min(lowQubits, newExtent)) - 1
                if newExtent <= blockQubits || (newLocal | low).nonzeroBitCount <= blockQubits || taken.isEmpty {
                    local = newLocal
                    extent = newExtent
                    taken.append(index)
                    isTaken[index] = true
                } else {
                    blocked |= touch
                }
            }
            stages.append(makeStage(taken.map { kernels[$0] }, local: local, extent: extent, initialExtent: stateExtent))
            stateExtent = extent
            while first < kernels.count && isTaken[first] { first += 1 }
        }
        return stages
    }

    /// A stage of `kernels` on a state whose amplitudes beyond 2^initialExtent are 0 when the
    /// stage starts. Every kernel runs after the earlier kernels of its stage, which come before it
    /// in program order (so they reached no further than it), and after every earlier stage: its
    /// amplitudes beyond 2^max(its extent, initialExtent) are 0.
    private func makeStage(
        _ kernels: [(kernel: KernelOperation, extent: Int)], local: Int, extent: Int, initialExtent: Int
    ) -> Stage {
        var localMask: Int
        if extent <= blockQubits {
            localMask = (1 << extent) - 1
        } else {
            localMask = local | ((1 << min(lowQubits, extent)) - 1)
            var p = 0
            while localMask.nonzeroBitCount < blockQubits && p < extent {
                localMask |= 1 << p
                p += 1
            }
        }
        let localPositions = CircuitCompiler.bits(of: localMask)
        var localIndex = [Int](repeating: -1, count: max(extent, 1))
        for (j, p) in localPositions.enumerated() { localIndex[p] = j }
        func mapped(_ mask: Int) -> Int {
            var result = 0
            for p in CircuitCompiler.bits(of: mask) { result |= 1 << localIndex[p] }
            return result
        }
        let operations = kernels.map { kernel, programExtent -> LocalOperation in
            // Positions at or above the kernel's extent are 0 when it runs: outside the block they
            // skip the block, inside it they leave only a prefix of the block to work on.
            let kernelExtent = max(programExtent, initialExtent)
            let inactive = extent > kernelExtent ? ((1 << extent) - 1) & ~((1 << kernelExtent) - 1) : 0
            let activeQubits = localPositions.prefix(while: { $0 < kernelExtent }).count
            var operation: LocalOperation
            switch kernel {
            case .unitary1(let controls, let target, let matrix):
                let outside = controls & ~localMask
                operation = LocalOperation(
                    conditionMask: outside, conditionValue: outside, activeQubits: activeQubits,
                    kernel: .unitary1(controls: mapped(controls & localMask), target: localIndex[target], matrix))
            case .rotation(let target, let inputPhase, let cosine, let sine):
                operation = LocalOperation(
                    conditionMask: 0, conditionValue: 0, activeQubits: activeQubits,
                    kernel: .rotation(target: localIndex[target], inputPhase: inputPhase, cosine: cosine, sine: sine))
            case .flip(let controls, let target):
                let outside = controls & ~localMask
                operation = LocalOperation(
                    conditionMask: outside, conditionValue: outside, activeQubits: activeQubits,
                    kernel: .flip(controls: mapped(controls & localMask), target: localIndex[target]))
            case .phase(let mask, let value, let factor):
                let outside = mask & ~localMask
                operation = LocalOperation(
                    conditionMask: outside, conditionValue: value & outside, activeQubits: activeQubits,
                    kernel: .phase(mask: mapped(mask & localMask), value: mapped(value & mask & localMask), factor))
            case .diagonal:
                // Made only inside stages, from local phase kernels (DiagonalGrouping).
                operation = LocalOperation(conditionMask: 0, conditionValue: 0, activeQubits: activeQubits, kernel: kernel)
            case .dense(let positions, let matrix):
                operation = LocalOperation(
                    conditionMask: 0, conditionValue: 0, activeQubits: activeQubits,
                    kernel: .dense(positions: positions.map { localIndex[$0] }, matrix: matrix))
            }
            operation.conditionMask |= inactive & ~localMask
            return operation
        }
        return Stage(
            extent: extent, localPositions: localPositions,
            operations: groupsDiagonals ? DiagonalGrouping.apply(to: operations) : operations)
    }
}
