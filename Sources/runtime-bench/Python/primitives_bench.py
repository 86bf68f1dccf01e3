"""The Python side of runtime-bench's sampler_result_decode_ms and counts_per_s figures.

Run it in a venv with qiskit and qiskit-ibm-runtime (outside the repository), from the repository:

    python -m venv ~/.cache/qiskit-runtime-swift/venv-primitives
    ~/.cache/qiskit-runtime-swift/venv-primitives/bin/pip install qiskit==2.6.2 qiskit-ibm-runtime==0.51.0
    ~/.cache/qiskit-runtime-swift/venv-primitives/bin/python Sources/runtime-bench/Python/primitives_bench.py
    swift run -c release runtime-bench --only sampler_result_decode,counts

It times what a Python user does with a result text: json.loads with qiskit-ibm-runtime's
RuntimeDecoder, then BitArray.get_counts(), on the same bytes as the Swift figures:
Resources/sampler_100k_127.json, and results of random outcomes built by the recipe of
BitArrayResultPayload.swift (little-endian SplitMix64 output bytes, rows of ceil(bits/8) bytes,
first byte masked). It prints one JSON object; input_bytes and input_fnv1a64 must equal the Swift
figure's, which shows both sides decoded identical text.
"""
import datetime
import json
import pathlib
import statistics
import sys
import time

import numpy as np
from qiskit.primitives.containers import BitArray, DataBin, PrimitiveResult, SamplerPubResult
from qiskit_ibm_runtime import RuntimeDecoder, RuntimeEncoder
from qiskit_ibm_runtime.execution_span import DoubleSliceSpan, ExecutionSpans

RESOURCES = pathlib.Path(__file__).resolve().parent.parent / "Resources"
MASK64 = (1 << 64) - 1


def splitmix64_bytes(seed: int, count: int) -> np.ndarray:
    """The first `count` bytes of SplitMix64(seed)'s outputs, each output little-endian."""
    words = (count + 7) // 8
    with np.errstate(over="ignore"):
        state = np.uint64(seed) + np.arange(1, words + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = (state ^ (state >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z.astype("<u8").view(np.uint8)[:count]


def payload(shots: int, bits: int, seed: int) -> str:
    width = (bits + 7) // 8
    rows = splitmix64_bytes(seed, shots * width).reshape(shots, width).copy()
    if bits % 8:
        rows[:, 0] &= (1 << (bits % 8)) - 1
    start = datetime.datetime(2025, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
    spans = ExecutionSpans([DoubleSliceSpan(start, start + datetime.timedelta(seconds=3), {0: ((), slice(0, 1), slice(0, shots))})])
    pub = SamplerPubResult(DataBin(meas=BitArray(rows, bits), shape=()), metadata={"circuit_metadata": {}})
    result = PrimitiveResult([pub], metadata={"execution": {"execution_spans": spans}, "version": 2})
    return json.dumps(result, cls=RuntimeEncoder)


def fnv1a(text: str) -> str:
    value = 0xCBF29CE484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001B3) & MASK64
    return format(value, "x")


def timed(text: str, runs: int):
    samples = []
    counts = None
    for _ in range(runs):
        start = time.perf_counter()
        result = json.loads(text, cls=RuntimeDecoder)
        counts = result[0].data.meas.get_counts()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples, counts


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    out = {}
    text = (RESOURCES / "sampler_100k_127.json").read_text()
    median, samples, counts = timed(text, runs)
    expected = json.loads((RESOURCES / "sampler_100k_127.expected.json").read_text())
    assert len(counts) == expected["distinct_outcomes"]
    out["sampler_result_decode"] = {"median_s": median, "runs_s": samples, "distinct_outcomes": len(counts)}
    for shots, bits, seed in [(1_000_000, 20, 20), (10_000, 1_000, 1_000)]:
        text = payload(shots, bits, seed)
        median, samples, counts = timed(text, max(3, runs // 2) if shots > 100_000 else runs)
        out[f"{shots}x{bits}"] = {
            "median_s": median, "runs_s": samples, "shots_per_s": shots / median, "distinct_outcomes": len(counts),
            "input_bytes": len(text.encode()), "input_fnv1a64": fnv1a(text),
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
