#!/usr/bin/env python3
"""The Python side of runtime-bench's simulate_* figures, on the same circuit files.

Optional: the bench never needs it. It times qiskit-aer's statevector method (default threads,
which is every core, and one thread) and qiskit's numpy `Statevector` on the circuits of
`../Resources/Circuits` and prints one JSON object, median seconds per case:

    python3 -m venv ~/.cache/qiskit-runtime-swift/venv-aer
    ~/.cache/qiskit-runtime-swift/venv-aer/bin/pip install qiskit qiskit-aer qiskit-qasm3-import
    ~/.cache/qiskit-runtime-swift/venv-aer/bin/python Sources/runtime-bench/Python/side_by_side.py

What is timed matches the Swift figure: from the parsed circuit to the sampled shots
(`AerSimulator.run(circuit, shots).result()`, `Statevector(circuit).sample_counts(shots)`) or to the
exact expectation values (Aer's `EstimatorV2` and qiskit's `StatevectorEstimator` with precision 0).
Parsing the OpenQASM text is not timed. Each case also gets `<label>_cpu`, the median CPU seconds of
the process (every thread), and the output carries the one-minute load average before and after: on a
shared machine compare CPU seconds with the Swift figures' `cpu_median`.
"""

import argparse
import json
import os
import pathlib
import statistics
import time

from qiskit import qasm3
from qiskit.primitives import StatevectorEstimator
from qiskit.quantum_info import SparsePauliOp, Statevector
from qiskit_aer import AerSimulator
from qiskit_aer.primitives import EstimatorV2 as AerEstimator

CIRCUITS = pathlib.Path(__file__).resolve().parent.parent / "Resources" / "Circuits"

SAMPLER_CASES = [
    ("ghz_20_native", 10_000),
    ("random_20_d20", 1_000),
    ("qft_20_std", 1_000),
    ("ghz_24_native", 10_000),
    ("random_24_d20", 1_000),
]


def median_time(function, runs):
    """Median wall seconds, the runs' wall seconds and the median CPU seconds (every thread)."""
    times = []
    cpu = []
    for _ in range(runs):
        start = time.perf_counter()
        cpu_start = time.process_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(times), times, statistics.median(cpu)


def record(entry, label, timing):
    entry[label], entry[label + "_runs"], entry[label + "_cpu"] = timing


def load(name):
    return qasm3.loads((CIRCUITS / f"{name}.qasm").read_text())


def sampler_cases(runs, numpy_max_qubits):
    results = {}
    for name, shots in SAMPLER_CASES:
        circuit = load(name)
        entry = {"shots": shots}
        for label, threads in (("aer_2_threads", 0), ("aer_1_thread", 1)):
            simulator = AerSimulator(method="statevector", max_parallel_threads=threads)
            record(entry, label, median_time(
                lambda: simulator.run(circuit, shots=shots, seed_simulator=1).result(), runs))
        if circuit.num_qubits <= numpy_max_qubits:
            unmeasured = circuit.remove_final_measurements(inplace=False)
            record(entry, "numpy_statevector",
                   median_time(lambda: Statevector(unmeasured).sample_counts(shots), max(1, runs // 2)))
        results[name] = entry
    return results


def estimator_case(runs):
    circuit = load("random_16_d20_nomeas")
    spec = json.loads((CIRCUITS / "estimator_observables.json").read_text())["observables"]
    observables = [SparsePauliOp(spec[k]["labels"], spec[k]["coeffs"]) for k in ("Z0Z1", "pauli_sum_20")]
    entry = {}
    for label, threads in (("aer_2_threads", 0), ("aer_1_thread", 1)):
        estimator = AerEstimator(options={"backend_options": {"max_parallel_threads": threads}})
        record(entry, label, median_time(lambda: estimator.run([(circuit, observables)], precision=0).result(), runs))
    estimator = StatevectorEstimator()
    record(entry, "numpy_statevector", median_time(lambda: estimator.run([(circuit, observables)]).result(), runs))
    return {"random_16_d20_nomeas": entry}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--numpy-max-qubits", type=int, default=20)
    arguments = parser.parse_args()
    load_before = os.getloadavg()[0]
    output = {"sampler": sampler_cases(arguments.runs, arguments.numpy_max_qubits),
              "estimator": estimator_case(arguments.runs),
              "load_average": [load_before, os.getloadavg()[0]]}
    print(json.dumps(output, indent=1))


if __name__ == "__main__":
    main()
