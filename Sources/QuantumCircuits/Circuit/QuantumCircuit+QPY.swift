import RuntimeWire

extension QuantumCircuit {
    /// Reads the first circuit of a QPY file (QPY versions 13–17, as qiskit's `qpy.dump` writes).
    ///
    /// Standard gates are recognised by qiskit class name (`HGate`, `CXGate`, `ECRGate`, …), custom
    /// gates keep their definitions (``CustomGate``), parameters keep their names (vector elements
    /// are named `v[3]` and sort as qiskit sorts them), and parameter expressions become
    /// ``ParameterExpression``s. Bind the pub's values with ``bindingParameters(_:)-([Double])``.
    ///
    /// - Throws: ``CircuitError/Code/invalidQPY`` for malformed bytes and
    ///   ``CircuitError/Code/unsupported`` for content outside the supported set (classical
    ///   conditions, control flow, classical variables, open controls, other QPY versions).
    public init(qpy bytes: [UInt8]) throws(CircuitError) {
        self = try QPYDecoder.decode(bytes)
    }

    /// Reads a circuit as the official Python client sends it: the `__value__` of a
    /// `{"__type__": "QuantumCircuit", …}` value, which is base64 of zlib-compressed QPY.
    /// - Parameters:
    ///   - encoded: the base64 text.
    ///   - maxBytes: the largest inflated size accepted.
    /// - Throws: ``CircuitError/Code/invalidQPY`` when the text is not base64 of zlib data (or
    ///   inflates beyond `maxBytes`), and what ``init(qpy:)`` throws.
    public init(encodedQPY encoded: String, maxBytes: Int = 256 << 20) throws(CircuitError) {
        let bytes: [UInt8]
        do {
            bytes = try Zlib.inflate(try Base64.decode(encoded), maxOutput: maxBytes)
        } catch {
            throw CircuitError(.invalidQPY, "QPY: the circuit is not base64 of zlib data: \(error)")
        }
        try self.init(qpy: bytes)
    }
}
