import Foundation

/// The benchmark circuits committed with the bench (`Sources/runtime-bench/Circuits`, copied into
/// the bench's resource bundle): OpenQASM 3 as qiskit writes it, the estimator's observables and
/// their exact values. The same bytes as `shared/bench` of the Python measurements, so the bench
/// never needs them (or Python) at run time.
enum BenchCircuits {
    /// The text of `Circuits/<name>`.
    static func text(_ name: String) throws -> String {
        guard let directory = Bundle.module.url(forResource: "Circuits", withExtension: nil) else {
            throw BenchFailure("the bench's Circuits resources are missing")
        }
        do {
            return try String(contentsOf: directory.appending(path: name), encoding: .utf8)
        } catch {
            throw BenchFailure("cannot read Circuits/\(name): \(error)")
        }
    }
}
