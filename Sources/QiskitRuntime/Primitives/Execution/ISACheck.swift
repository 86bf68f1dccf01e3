import QuantumCircuits

/// The check of a primitive's circuits against the backend before they are submitted: what the
/// service would otherwise fail with reason code 1517 after the job waited in the queue.
enum ISACheck {
    /// Checks each pub's circuit (parsed by the shared OpenQASM parser when it came as text)
    /// against the backend's instruction set: every operation in its basis gates or supported
    /// instructions, every qubit on the device, two-qubit gates on coupled pairs.
    /// - Parameters:
    ///   - circuits: the pubs' circuits, in pub order.
    ///   - kind: `sampler` or `estimator`, for the messages.
    ///   - configuration: the backend's configuration.
    /// - Throws: `RuntimeError(.isaViolation)` for the first pub with a violation, naming the pub,
    ///   the gate, its qubits and the source line; `RuntimeError(.invalidCircuit)` for text that
    ///   does not parse. Both carry the `CircuitError` (``RuntimeError/circuitError``).
    static func check(_ circuits: [PrimitiveCircuit], kind: String, against configuration: BackendConfiguration) throws {
        let isa = try configuration.instructionSet
        for (index, primitive) in circuits.enumerated() {
            let place = "\(kind) pub \(index)"
            let circuit = try primitive.parsedCircuit(place)
            do {
                try circuit.validate(against: isa)
            } catch {
                throw RuntimeError(
                    .isaViolation,
                    "\(place) on \(configuration.backendName): \(error.message); translate it for the backend first (QuantumCircuit.translated(for:)), nothing was submitted",
                    underlyingError: error)
            }
        }
    }
}
