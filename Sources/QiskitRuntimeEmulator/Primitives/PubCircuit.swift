import QuantumCircuits
import RuntimeWire

/// Reads the circuit of a pub: OpenQASM 3 (or 2) text, or the Python client's QPY value
/// `{"__type__": "QuantumCircuit", "__value__": base64(zlib(QPY))}` (PLATFORM.md §5).
enum PubCircuit {
    /// The circuit of pub `index`.
    /// - Throws: ``JobFailure/validation(_:)`` naming the pub and, for a text, the line, column
    ///   and construct the parser stopped at.
    static func read(_ value: JSONValue, pub index: Int) throws(JobFailure) -> QuantumCircuit {
        do {
            switch value {
            case .string(let text):
                return try QuantumCircuit(qasm: text)
            case .object:
                guard value["__type__"]?.stringValue == "QuantumCircuit", let encoded = value["__value__"]?.stringValue else {
                    throw JobFailure.validation(
                        "pub \(index): the circuit must be OpenQASM text or {\"__type__\": \"QuantumCircuit\", \"__value__\": <QPY>}")
                }
                return try QuantumCircuit(encodedQPY: encoded)
            default:
                throw JobFailure.validation("pub \(index): the circuit must be OpenQASM text or a QPY QuantumCircuit value")
            }
        } catch let error as CircuitError {
            throw .validation("pub \(index): the circuit could not be read: \(error)")
        } catch let error as JobFailure {
            throw error
        } catch {
            throw .validation("pub \(index): the circuit could not be read: \(error)")
        }
    }
}
