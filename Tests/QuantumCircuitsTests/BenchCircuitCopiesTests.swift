import Foundation
import Testing

/// The benchmark circuits committed with runtime-bench are the shared inputs, byte for byte.
@Suite struct BenchCircuitCopiesTests {
    @Test("the committed benchmark circuits equal shared/bench/circuits (when it is present)")
    func copiesMatchTheSharedInputs() throws {
        let committed = TestFiles.benchCircuits
        let names = try FileManager.default.contentsOfDirectory(atPath: committed.path).filter { $0.hasSuffix(".qasm") || $0.hasSuffix(".json") }
        #expect(names.filter { $0.hasSuffix(".qasm") }.count >= 12)
        guard let shared = TestFiles.sharedBenchCircuits else {
            print("NOTICE: shared/bench/circuits not found (set QISKIT_RUNTIME_SHARED): the committed copies were not compared with it")
            return
        }
        let sharedNames = try FileManager.default.contentsOfDirectory(atPath: shared.path)
        for name in sharedNames {
            let original = try Data(contentsOf: shared.appending(path: name))
            let copy = try? Data(contentsOf: committed.appending(path: name))
            #expect(copy == original, "\(name) differs from shared/bench/circuits or is missing")
        }
    }
}
