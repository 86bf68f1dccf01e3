"""The newest official client (qiskit-ibm-runtime, unmodified) runs SamplerV2 and EstimatorV2 on
the emulator's simulator, and the answers are checked against physics and against qiskit's own
Statevector in this script (see emulator_client.py for how the client is pointed at the emulator).

Circuits are transpiled with qiskit's preset pass manager against the emulator backend's target,
so they reach the emulator as ISA circuits in QPY; the same circuits are also sent as OpenQASM 3
text (through the client's generic run) to compare both paths.
"""
import json
import math

import numpy as np
from emulator_client import connect
from qiskit import QuantumCircuit, qasm3
from qiskit.circuit import Parameter
from qiskit.quantum_info import SparsePauliOp, Statevector
from qiskit.transpiler import generate_preset_pass_manager
from qiskit_ibm_runtime import Batch, EstimatorV2, SamplerV2, Session

out = {}

service = connect()
backend = service.backend("fake_tallinn")
pm = generate_preset_pass_manager(backend=backend, optimization_level=1, seed_transpiler=11)

bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
bell.measure_all()

ghz = QuantumCircuit(5)
ghz.h(0)
for k in range(1, 5):
    ghz.cx(k - 1, k)
ghz.measure_all()

theta = Parameter("theta")
sweep = QuantumCircuit(1, 1)
sweep.ry(theta, 0)
sweep.measure(0, 0)
thetas = np.linspace(0, math.pi, 5)
shots = 2000

isa_bell, isa_ghz, isa_sweep = pm.run(bell), pm.run(ghz), pm.run(sweep)
out["isa_ops"] = sorted(set(isa_bell.count_ops()) | set(isa_ghz.count_ops()) | set(isa_sweep.count_ops()))

# SamplerV2 in a Session: Bell, GHZ(5) and a parameter sweep in one job.
with Session(backend=backend) as session:
    sampler = SamplerV2(mode=session)
    sampler.options.simulator.seed_simulator = 1234
    job = sampler.run([isa_bell, isa_ghz, (isa_sweep, thetas.reshape(-1, 1))], shots=shots)
    result = job.result()
    out["sampler_session"] = job.session_id is not None
    out["bell_counts"] = result[0].data.meas.get_counts()
    out["ghz_counts"] = result[1].data.meas.get_counts()
    sweep_bits = result[2].data.c
    out["sweep_shape"] = list(sweep_bits.shape)
    out["sweep_p1"] = [sweep_bits.get_counts(loc=k).get("1", 0) / shots for k in range(len(thetas))]
    out["sweep_expected"] = [math.sin(t / 2) ** 2 for t in thetas]
    out["sampler_shots"] = result[0].data.meas.num_shots
    spans = result.metadata["execution"]["execution_spans"]
    out["spans"] = {"count": len(spans), "start_before_stop": all(s.start <= s.stop for s in spans),
                    "pubs": sorted(i for s in spans for i in s.pub_idxs)}
    out["sampler_usage"] = job.usage()

# EstimatorV2 in a Batch: Bell observables, and a parameterised circuit whose observables
# (shape (2, 1)) broadcast against parameter values (shape (3,)), against Statevector.
a, b = Parameter("a"), Parameter("b")
param = QuantumCircuit(2)
param.ry(a, 0)
param.cx(0, 1)
param.rx(b, 1)
values = np.array([[0.1, 0.7], [1.3, -0.4], [2.6, 2.0]])
bell_state = QuantumCircuit(2)
bell_state.h(0)
bell_state.cx(0, 1)
bell_obs = [SparsePauliOp("ZZ"), SparsePauliOp("XX"), SparsePauliOp("YY"), SparsePauliOp.from_list([("ZI", 0.5), ("XX", 2.0)])]
param_obs = [[SparsePauliOp("ZZ")], [SparsePauliOp.from_list([("XI", 1.0), ("IY", -0.3)])]]
precision = 0.005
isa_bell_state, isa_param = pm.run(bell_state), pm.run(param)
with Batch(backend=backend) as batch:
    estimator = EstimatorV2(mode=batch)
    estimator.options.default_precision = precision
    estimator.options.seed_estimator = 99
    job = estimator.run([
        (isa_bell_state, [o.apply_layout(isa_bell_state.layout) for o in bell_obs]),
        (isa_param, [[o.apply_layout(isa_param.layout) for o in row] for row in param_obs], values),
    ])
    result = job.result()
    checks = []
    for k, obs in enumerate(bell_obs):
        exact = float(np.real(Statevector(bell_state).expectation_value(obs)))
        checks.append({"ev": float(result[0].data.evs[k]), "std": float(result[0].data.stds[k]), "exact": exact})
    out["estimator_shape"] = [list(result[0].data.evs.shape), list(result[1].data.evs.shape)]
    for i, row in enumerate(param_obs):
        for j in range(len(values)):
            exact = float(np.real(Statevector(param.assign_parameters(values[j])).expectation_value(row[0])))
            checks.append({"ev": float(result[1].data.evs[i, j]), "std": float(result[1].data.stds[i, j]), "exact": exact})
    out["estimator"] = checks
    out["estimator_precision"] = result[0].metadata.get("target_precision")
    out["estimator_batch"] = job.session_id is not None

# The same circuits as OpenQASM 3 text and as QPY, through the client's generic run: equal results.
def run_raw(program, pubs, options):
    inputs = {"pubs": pubs, "options": options, "version": 2, "support_qiskit": True}
    return service._run(program_id=program, inputs=inputs, options={"backend": backend.name}).result()

sampler_options = {"simulator": {"seed_simulator": 5}}
for name, circuit in [("bell", isa_bell), ("ghz", isa_ghz)]:
    by_qpy = run_raw("sampler", [(circuit, None, 500)], sampler_options)[0].data.meas.array
    by_qasm = run_raw("sampler", [(qasm3.dumps(circuit), None, 500)], sampler_options)[0].data.meas.array
    out[f"differential_{name}"] = bool(np.array_equal(by_qpy, by_qasm))
bound = isa_param.assign_parameters(values[1])
observable = [o.apply_layout(isa_param.layout).to_list() for o in (param_obs[0][0], param_obs[1][0])]
observable = [{label: float(np.real(c)) for label, c in terms} for terms in observable]
estimator_options = {"seed_estimator": 3}
ev_qpy = run_raw("estimator", [(bound, observable, None, 0.01)], estimator_options)[0].data.evs
ev_qasm = run_raw("estimator", [(qasm3.dumps(bound), observable, None, 0.01)], estimator_options)[0].data.evs
out["differential_estimator"] = float(np.max(np.abs(ev_qpy - ev_qasm)))

# A circuit that is not ISA (never transpiled) is refused by the emulator with 1517 (the client's
# own ISA check is skipped by the generic run).
try:
    run_raw("sampler", [(bell, None, 10)], {})
    out["non_isa"] = "completed"
except Exception as error:  # RuntimeJobFailureError
    out["non_isa"] = str(error)

print("RESULT " + json.dumps(out))
