"""Writes the primitive-result fixtures of PrimitiveResultTests (run once, output committed).

Usage (a venv with qiskit 2.6.2 and qiskit-ibm-runtime 0.51.0, outside the repository):
    python Tests/QiskitRuntimeTests/Fixtures/make_primitive_results.py

For each case it writes, in Fixtures/primitives/:
  <case>.tagged.json  the result as qiskit-ibm-runtime's RuntimeEncoder writes it (support_qiskit)
  <case>.plain.json   the same data in the plain form of IBM's REST guides (hex samples / numbers)
  <case>.expected.json what qiskit computes from the decoded result (get_counts, get_int_counts,
                       get_bitstrings, join_data, evs/stds, execution spans)
and params_*.json: the params the client encodes for a few pubs (circuit replaced by its QASM).
"""
import datetime
import json
import pathlib

import numpy as np
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister, qasm3
from qiskit.circuit import Parameter
from qiskit.primitives import StatevectorEstimator, StatevectorSampler
from qiskit.primitives.containers import BitArray, DataBin, PrimitiveResult, SamplerPubResult
from qiskit.primitives.containers.estimator_pub import EstimatorPub
from qiskit.primitives.containers.sampler_pub import SamplerPub
from qiskit_ibm_runtime import RuntimeDecoder, RuntimeEncoder
from qiskit_ibm_runtime.execution_span import DoubleSliceSpan, ExecutionSpans, SliceSpan, TwirledSliceSpanV2
from qiskit_ibm_runtime.results.estimator_pub import EstimatorPubResult

OUT = pathlib.Path(__file__).parent / "primitives"
OUT.mkdir(exist_ok=True)
T0 = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


def write(name, obj, encoder=None):
    text = json.dumps(obj, cls=encoder) if encoder else json.dumps(obj, indent=1, sort_keys=True)
    (OUT / name).write_text(text + ("\n" if not encoder else ""))


def nest(array, leaf):
    """Nested lists of leaf(element) over every axis of array."""
    array = np.asarray(array)
    if array.ndim == 0:
        return leaf(array.item())
    return [nest(array[i], leaf) for i in range(array.shape[0])]


def hex_samples(bits: BitArray):
    """The plain form's samples: per position a list of hex strings, one per shot."""
    shape = bits.shape
    out = np.empty(shape + (bits.num_shots,), dtype=object)
    for idx in np.ndindex(shape):
        for shot in range(bits.num_shots):
            value = int.from_bytes(bits.array[idx + (shot,)].tobytes(), "big") & (2**bits.num_bits - 1)
            out[idx + (shot,)] = hex(value)
    return nest(out, lambda x: x) if out.ndim else []


def span_summary(spans):
    return [{"start": s.start.isoformat(), "stop": s.stop.isoformat(), "pub_idxs": s.pub_idxs,
             "size": int(s.size), "kind": type(s).__name__} for s in spans]


def sampler_case(name, result: PrimitiveResult, spans):
    result.metadata["execution"] = {"execution_spans": spans}
    text = json.dumps(result, cls=RuntimeEncoder)
    (OUT / f"{name}.tagged.json").write_text(text)
    decoded = json.loads(text, cls=RuntimeDecoder)
    plain = {"results": [], "metadata": {"version": 2}}
    expected = {"pubs": [], "spans": span_summary(decoded.metadata["execution"]["execution_spans"])}
    for pub in decoded:
        data, pub_expected = {}, {"shape": list(pub.data.shape), "registers": {}}
        for reg in pub.data:
            bits = pub.data[reg]
            data[reg] = {"samples": hex_samples(bits), "num_bits": bits.num_bits}
            per_position = {}
            for idx in np.ndindex(bits.shape):
                if idx:
                    per_position[",".join(map(str, idx))] = bits.get_counts(idx)
            pub_expected["registers"][reg] = {
                "num_bits": bits.num_bits, "shots": bits.num_shots,
                "counts": bits.get_counts(),
                "int_counts": {str(k): v for k, v in bits.get_int_counts().items()},
                "bitstrings": bits.get_bitstrings(),
                "counts_at": per_position,
            }
        pub_expected["joined_counts"] = pub.join_data().get_counts()
        plain["results"].append({"data": data, "metadata": {"circuit_metadata": {}}})
        expected["pubs"].append(pub_expected)
    write(f"{name}.plain.json", plain)
    write(f"{name}.expected.json", expected)


# 1. Bell pair with two registers (alpha: 2 bits, beta: 1 bit), a real StatevectorSampler run.
q = QuantumRegister(3)
alpha, beta = ClassicalRegister(2, "alpha"), ClassicalRegister(1, "beta")
bell = QuantumCircuit(q, alpha, beta)
bell.h(0)
bell.cx(0, 1)
bell.x(2)
bell.measure([0, 1], alpha)
bell.measure([2], beta)
run = StatevectorSampler(seed=7).run([bell], shots=64).result()
sampler_case("sampler_bell", run, ExecutionSpans([
    DoubleSliceSpan(T0, T0 + datetime.timedelta(seconds=2), {0: ((64,), slice(0, 1), slice(0, 64))})]))

# 2. A parameter sweep of shape (2, 3): three qubits, one register "meas".
theta, phi = Parameter("theta"), Parameter("phi")
sweep = QuantumCircuit(3)
sweep.ry(theta, 0)
sweep.ry(phi, 1)
sweep.cx(1, 2)
sweep.measure_all()
values = np.linspace(0, np.pi, 12).reshape(2, 3, 2)
run = StatevectorSampler(seed=11).run([(sweep, values)], shots=16).result()
sampler_case("sampler_sweep", run, ExecutionSpans([
    SliceSpan(T0, T0 + datetime.timedelta(seconds=1), {0: ((2, 3, 16), slice(0, 48))}),
    DoubleSliceSpan(T0 + datetime.timedelta(seconds=1), T0 + datetime.timedelta(seconds=3),
                    {0: ((2, 3, 16), slice(2, None), slice(None, 8))})]))

# 3. Wide registers (70 and 130 bits), shape (2,), random outcomes, set straggling bits included.
rng = np.random.default_rng(5)
wide = rng.integers(0, 256, size=(2, 20, 9), dtype=np.uint8)
wider = rng.integers(0, 256, size=(2, 20, 17), dtype=np.uint8)
wider[:, :3, :] = wider[:, 3:4, :]  # repeated outcomes, so counts are not all 1
data = DataBin(shape=(2,), wide=BitArray(wide, 70), wider=BitArray(wider, 130))
run = PrimitiveResult([SamplerPubResult(data, metadata={"circuit_metadata": {"name": "wide"}})], metadata={"version": 2})
sampler_case("sampler_wide", run, ExecutionSpans([
    TwirledSliceSpanV2(T0, T0 + datetime.timedelta(seconds=5), {0: ((2, 4, 5), True, slice(0, 2), slice(0, 5), 20)})]))


def estimator_case(name, result: PrimitiveResult):
    text = json.dumps(result, cls=RuntimeEncoder)
    (OUT / f"{name}.tagged.json").write_text(text)
    decoded = json.loads(text, cls=RuntimeDecoder)
    plain = {"results": [], "metadata": {"version": 2}}
    expected = {"pubs": []}
    for pub in decoded:
        fields = {k: nest(np.asarray(pub.data[k]), float) for k in pub.data}
        plain["results"].append({"data": fields, "metadata": {k: v for k, v in pub.metadata.items() if k != "circuit_metadata"}})
        expected["pubs"].append({"shape": list(pub.data.shape), **fields})
    write(f"{name}.plain.json", plain)
    write(f"{name}.expected.json", expected)


# 4. Estimator: a scalar pub and a broadcast pub (observables (3, 1) × parameters (1, 2) → (3, 2)).
ghz = QuantumCircuit(2)
ghz.ry(theta, 0)
ghz.cx(0, 1)
est = StatevectorEstimator(seed=3)
scalar = est.run([(ghz, {"ZZ": 1.0, "XI": -0.5}, [0.3])]).result()
observables = [[{"ZZ": 1.0}], [{"XX": 0.5, "YY": -0.5}], [{"IZ": 2.0}]]
shaped = est.run([(ghz, observables, [[0.1], [1.2]])]).result()


def with_ese(pub, scale):
    data = DataBin(shape=pub.data.shape, evs=pub.data.evs, stds=np.asarray(pub.data.stds) + 0.01,
                   ensemble_standard_error=np.full(pub.data.shape, scale))
    return EstimatorPubResult(data, metadata={"target_precision": 0.015625, "shots": 4096, "circuit_metadata": {}})


estimator_case("estimator_scalar", PrimitiveResult([with_ese(scalar[0], 0.02)], metadata={"version": 2}))
estimator_case("estimator_shaped", PrimitiveResult([with_ese(shaped[0], 0.03)], metadata={"version": 2}))

# 5. Params as qiskit-ibm-runtime encodes them (circuits as QASM text here; the client sends QPY).
def encode_params(pubs):
    return json.loads(json.dumps({"pubs": pubs}, cls=RuntimeEncoder), cls=RuntimeDecoder)


def pub_wire(values):
    out = []
    for value in values:
        value = list(value)
        value[0] = qasm3.dumps(value[0])
        out.append(value)
    return out


sampler_pubs = [SamplerPub.coerce((sweep, values, 100)), SamplerPub.coerce((bell,))]
encoded = encode_params(sampler_pubs)["pubs"]
write("params_sampler.json", {"pubs": [[qasm3.dumps(p.circuit), nest(np.asarray(e[1]), float), list(np.asarray(e[1]).shape), e[2]]
                                         for p, e in zip(sampler_pubs, encoded)]})
estimator_pubs = [EstimatorPub.coerce((ghz, observables, [[0.1], [1.2]], 0.01))]
encoded = encode_params(estimator_pubs)["pubs"]
write("params_estimator.json", {"pubs": [[qasm3.dumps(p.circuit), e[1], nest(np.asarray(e[2]), float), list(np.asarray(e[2]).shape), e[3]]
                                           for p, e in zip(estimator_pubs, encoded)]})
print("wrote", sorted(p.name for p in OUT.iterdir()))
