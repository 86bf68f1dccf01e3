import QuantumCircuits

extension RuntimeError {
    /// The circuit library's error this error reports, for ``RuntimeError/Code/isaViolation`` and
    /// ``RuntimeError/Code/invalidCircuit``: its `code`, `gate`, `qubits`, `line` and `column`.
    ///
    /// ```swift
    /// do {
    ///     _ = try await sampler.run([SamplerPub(circuit: textbook)])
    /// } catch let error as RuntimeError where error.code == .isaViolation {
    ///     print(error.circuitError?.gate ?? "", error.circuitError?.qubits ?? [])   // h [0]
    /// }
    /// ```
    public var circuitError: CircuitError? { underlyingError as? CircuitError }

    /// A `RuntimeError` reporting `error`, its message after `context` (`sampler pub 0: …`).
    init(_ code: Code, circuit error: CircuitError, context: String) {
        self.init(code, context.isEmpty ? error.description : "\(context): \(error.description)", underlyingError: error)
    }
}
