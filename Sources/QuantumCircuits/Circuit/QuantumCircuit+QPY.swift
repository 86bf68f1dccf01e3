import RuntimeWire

extension QuantumCircuit {
    /// Reads the first circuit of a QPY file (QPY versions 13–17, as qiskit's `qpy.dump` writes).
    ///
    /// Standard gates are recognised by qiskit class name (`HGate`, `CXGate`, `ECRGate`, …), custom
    /// gates keep their definitions (``CustomGate``), parameters keep their names (vector elements
    /// are named `v[3]` and sort as qiskit sorts them), and parameter expressions become
    /// ``ParameterExpression``s. Bind the pub's values with ``bindingParameters(_:)-([Double])``.
    ///
    /// - Throws: ``CircuitError/Code/invalidQPY`` for malformed bytes,
    ///   ``CircuitError/Code/unsupported`` for content outside the supported set (classical
    ///   conditions, control flow, classical variables, open controls, other QPY versions), and what
    ///   ``init(qpy:limits:)`` throws for ``Limits/default``.
    public init(qpy bytes: [UInt8]) throws(CircuitError) {
        self = try QPYDecoder.decode(bytes, limits: .default)
    }

    /// Reads the first circuit of a QPY file (see ``init(qpy:)``) within `limits`: the data's size,
    /// the declared qubits and clbits, the nesting of custom definitions, parameter expressions, and
    /// the circuit's size counted as if its custom gates were expanded.
    /// - Throws: what ``init(qpy:)`` throws; ``CircuitError/Code/limitExceeded`` naming the limit;
    ///   ``CircuitError/Code/invalidArgument`` for a NaN or infinite parameter, phase or duration.
    public init(qpy bytes: [UInt8], limits: Limits) throws(CircuitError) {
        self = try QPYDecoder.decode(bytes, limits: limits)
    }

    /// Reads a circuit as the official Python client sends it: the `__value__` of a
    /// `{"__type__": "QuantumCircuit", …}` value, which is base64 of zlib-compressed QPY.
    /// - Parameters:
    ///   - encoded: the base64 text.
    ///   - maxBytes: the largest inflated size accepted (``Limits/maxInputBytes``; the other limits
    ///     are the defaults).
    /// - Throws: ``CircuitError/Code/invalidQPY`` when the text is not base64 of zlib data,
    ///   ``CircuitError/Code/limitExceeded`` when it inflates beyond `maxBytes`, and what
    ///   ``init(qpy:)`` throws.
    public init(encodedQPY encoded: String, maxBytes: Int = Limits.default.maxInputBytes) throws(CircuitError) {
        var limits = Limits.default
        limits.maxInputBytes = maxBytes
        try self.init(encodedQPY: encoded, limits: limits)
    }

    /// Reads a circuit as the official Python client sends it (see ``init(encodedQPY:maxBytes:)``)
    /// within `limits`; the text may inflate to at most ``Limits/maxInputBytes``, so a small
    /// compressed payload cannot expand into a large allocation.
    /// - Throws: ``CircuitError/Code/invalidQPY`` when the text is not base64 of zlib data,
    ///   ``CircuitError/Code/limitExceeded`` (`maxInputBytes`) when the text or the inflated data is
    ///   too large, and what ``init(qpy:limits:)`` throws.
    public init(encodedQPY encoded: String, limits: Limits) throws(CircuitError) {
        let limit = max(0, limits.maxInputBytes)
        // Base64 is 4/3 of its bytes, and zlib never makes data much larger (0.03% and a header).
        guard encoded.utf8.count / 4 <= limit / 3 + limit / 100 + 1024 else {
            throw CircuitError(.limitExceeded, "QPY: the encoded circuit is larger than \(limit) bytes allow (limit maxInputBytes)")
        }
        let compressed: [UInt8]
        do {
            compressed = try Base64.decode(encoded)
        } catch {
            throw CircuitError(.invalidQPY, "QPY: the circuit is not base64 of zlib data: \(error)")
        }
        let bytes: [UInt8]
        do {
            bytes = try Zlib.inflate(compressed, maxOutput: limit)
        } catch {
            if Self.inflatesBeyond(compressed, limit) {
                throw CircuitError(.limitExceeded, "QPY: the circuit inflates to more than \(limit) bytes (limit maxInputBytes)")
            }
            throw CircuitError(.invalidQPY, "QPY: the circuit is not base64 of zlib data: \(error)")
        }
        try self.init(qpy: bytes, limits: limits)
    }

    /// Whether `compressed` inflates to more than `limit` bytes before it ends or turns out corrupt
    /// (read in pieces that are thrown away, so finding out takes no more memory than a piece).
    private static func inflatesBeyond(_ compressed: [UInt8], _ limit: Int) -> Bool {
        var total = 0
        _ = try? Zlib.withInflater(compressed) { inflater in
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while !inflater.isFinished, total <= limit {
                let read = try chunk.withUnsafeMutableBytes { try inflater.read(into: $0) }
                if read == 0 { break }
                total += read
            }
        }
        return total > limit
    }
}
