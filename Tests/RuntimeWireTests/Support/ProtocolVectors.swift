/// Test vectors of PROTOCOL.md §5.4, produced by the real Python encoders (copied verbatim).
enum ProtocolVectors {
    /// V1: `{"a": 1+2j, "arr": numpy.array([[1.0, 2.0], [3.0, 4.0]])}`.
    static let v1 = #"{"a": {"__type__": "complex", "__value__": [1.0, 2.0]}, "arr": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgpGmjoKtQpkAy4GMPhgD6EZHCAUB5QWcAAA65kddg=="}}"#
    /// The `__value__` of V1: base64 of 91 zlib bytes that inflate to a 160-byte `.npy` file.
    static let v1Base64 = #"eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgpGmjoKtQpkAy4GMPhgD6EZHCAUB5QWcAAA65kddg=="#
    /// The 160 `.npy` bytes inside V1.
    static let v1NPYHex = "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000f03f000000000000004000000000000008400000000000001040"
    /// V3: nested containers with complex and set tags.
    static let v3Nested = #"{"x": [{"__type__": "complex", "__value__": [1.0, 0.0]}, {"s": {"__type__": "set", "__value__": ["a"]}}], "n": null, "f": 1.5, "t": true}"#
    /// V4: settings with integer keys.
    static let v4Settings = #"{"__type__": "settings", "__module__": "__main__", "__class__": "Foo", "__value__": {"m": {"1": "a", "2": {"3": "c", "__int_keys__": true}, "__int_keys__": true}, "s": "x"}}"#
    /// V4: SparsePauliOp settings with an ndarray.
    static let v4SparsePauliOp = #"{"__type__": "settings", "__module__": "qiskit.quantum_info.operators.symplectic.sparse_pauli_op", "__class__": "SparsePauliOp", "__value__": {"data": {"__type__": "settings", "__module__": "qiskit.quantum_info.operators.symplectic.pauli_list", "__class__": "PauliList", "__value__": {"data": ["XI", "ZZ"]}}, "coeffs": {"__type__": "ndarray", "__value__": "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2xopq6joJ6WX1RSlJgXn1+UkgqScEvMKU4FihdnJBakAvkaRjqaOgq1CuQDLgYw+GDPgBU8sAcA30Udtw=="}}}"#
    /// V5: a qiskit Result.
    static let v5Result = #"{"__type__": "Result", "__value__": {"backend_name": "b", "backend_version": "1", "qobj_id": "q", "job_id": "j", "success": true, "results": [{"shots": 4, "success": true, "data": {"counts": {"0x0": 4}}, "meas_level": 2, "header": {"name": "c"}}]}}"#
    /// V2: ndarray `__value__` strings (base64 of zlib of .npy) and their inputs.
    static let v2Arrays: [(input: String, base64: String)] = [
        ("np.array([1,2,3], dtype=int64)", "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYIYILSzFAaAOdAG2c="),
        ("np.array([1,2,3], dtype=int32)", "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mirqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RrGOpo6CrUKFAAuRgYGBiYgZgZiAJypG2M="),
        ("np.array([True, False])", "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBek2SorqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOpo6CrUKFAAuRgYAoZgbkw=="),
        ("np.array([1+1j, -2j])", "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2xopq6joJ6WX1RSlJgXn1+UkgqScEvMKU4FihdnJBakAvkaRjqaOgq1CuQDLgYw+GCPSsPBAQDzFR6H"),
        ("np.zeros((0,))", "eJyb7BfqGxDJyFDGUK2eklqcXKRupaBuk2ahrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RoGOpo6CrUKFAAuAFOzG1s="),
    ]
}
