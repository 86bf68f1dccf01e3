/// The V2 primitives the emulator runs on its statevector simulator (v1 programs `sampler` and
/// `estimator`, PLATFORM.md §5).
enum PrimitiveKind: String, Sendable, Hashable {
    /// Sampler V2: pubs `[circuit, parameter_values?, shots?]`, one BitArray per classical register.
    case sampler
    /// Estimator V2: pubs `[circuit, observables, parameter_values?, precision?]`, expectation values.
    case estimator
}
