/// Runs a whole Sampler or Estimator job, pub after pub, and writes its result. Call it on a
/// `ComputePool` thread, one job at a time (`EmulatorService.simulationLane`), never on the I/O
/// thread or the cooperative pool.
enum PrimitiveJobRunner {
    static func run(_ request: PrimitiveParams, context: PrimitiveContext) -> PrimitiveRunOutcome {
        do {
            let outputs: PrimitiveOutputs
            switch request.kind {
            case .sampler:
                let runner = SamplerPubRunner(context: context, options: request.options)
                var pubs: [SamplerPubOutput] = []
                for (index, pub) in request.pubs.enumerated() { pubs.append(try runner.run(pub, index: index)) }
                outputs = .sampler(pubs)
            case .estimator:
                let runner = EstimatorPubRunner(context: context, options: request.options, resilienceLevel: request.resilienceLevel)
                var pubs: [EstimatorPubOutput] = []
                for (index, pub) in request.pubs.enumerated() { pubs.append(try runner.run(pub, index: index)) }
                outputs = .estimator(pubs)
            }
            try context.cancellation.check()
            return .completed(try PrimitiveResultWriter.text(outputs, tagged: request.supportQiskit))
        } catch let failure as JobFailure {
            return .failed(failure)
        } catch is CancellationError {
            return .cancelled
        } catch {
            return .failed(.internal("the result could not be written: \(error)"))
        }
    }
}
