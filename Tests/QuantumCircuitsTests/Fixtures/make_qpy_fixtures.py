"""Writes qpy_fixtures.json: small circuits serialised by qiskit's own QPY writer (versions 13-17),
each as the official client sends it (base64 of zlib of the QPY bytes), with the same circuit as
OpenQASM 3 (parameters bound) and the final statevector qiskit computes for it.

Run once with qiskit 2.x in a venv outside the repository, from this directory:
    python3 -m venv ~/.cache/qiskit-runtime-swift/venv-qiskit-fixtures
    ~/.cache/qiskit-runtime-swift/venv-qiskit-fixtures/bin/pip install qiskit
    ~/.cache/qiskit-runtime-swift/venv-qiskit-fixtures/bin/python make_qpy_fixtures.py
"""
import base64
import io
import json
import math
import zlib

import qiskit
from qiskit import QuantumCircuit, QuantumRegister, ClassicalRegister, qpy, qasm3, transpile
from qiskit.circuit import Parameter, ParameterVector
from qiskit.circuit import library as lib
from qiskit.quantum_info import Statevector
from qiskit.transpiler import CouplingMap


def bell():
    q = QuantumRegister(2, "q")
    a = ClassicalRegister(1, "alpha")
    b = ClassicalRegister(1, "beta")
    qc = QuantumCircuit(q, a, b)
    qc.h(0)
    qc.cx(0, 1)
    qc.measure(0, a[0])
    qc.measure(1, b[0])
    return qc, {}


def parametric():
    theta, phi = Parameter("theta"), Parameter("phi")
    v = ParameterVector("v", 3)
    qc = QuantumCircuit(3)
    qc.rx(theta, 0)
    qc.ry(2 * phi + 1, 1)
    qc.u(theta, phi, -theta, 2)
    qc.cp((theta + phi).sin(), 0, 1)
    qc.rzz(theta / phi - v[0], 1, 2)
    qc.crx(v[1] ** 2, 2, 0)
    qc.rz(v[2].exp() + (theta * phi).cos() - phi.log(), 0)
    qc.p(1 - theta, 1)
    qc.ry(abs(v[0] - 2) + theta.arctan(), 2)
    qc.global_phase = theta / 2
    return qc, {"theta": 0.7, "phi": 1.3, "v[0]": -0.4, "v[1]": 0.9, "v[2]": 0.25}


def standard_gates():
    qc = QuantumCircuit(4)
    values = iter([0.1 * k + 0.05 for k in range(1, 200)])
    for gate in [lib.IGate(), lib.XGate(), lib.YGate(), lib.ZGate(), lib.HGate(), lib.SGate(), lib.SdgGate(),
                 lib.TGate(), lib.TdgGate(), lib.SXGate(), lib.SXdgGate()]:
        qc.append(gate, [0])
        qc.h(1)
    for cls, n in [(lib.RXGate, 1), (lib.RYGate, 1), (lib.RZGate, 1), (lib.PhaseGate, 1), (lib.RGate, 2),
                   (lib.UGate, 3), (lib.U1Gate, 1), (lib.U2Gate, 2), (lib.U3Gate, 3)]:
        qc.append(cls(*[next(values) for _ in range(n)]), [1])
    for cls, n in [(lib.CXGate, 0), (lib.CYGate, 0), (lib.CZGate, 0), (lib.CHGate, 0), (lib.CSGate, 0),
                   (lib.CSdgGate, 0), (lib.CSXGate, 0), (lib.CPhaseGate, 1), (lib.CRXGate, 1), (lib.CRYGate, 1),
                   (lib.CRZGate, 1), (lib.CUGate, 4), (lib.CU1Gate, 1), (lib.CU3Gate, 3), (lib.SwapGate, 0),
                   (lib.iSwapGate, 0), (lib.DCXGate, 0), (lib.ECRGate, 0), (lib.RXXGate, 1), (lib.RYYGate, 1),
                   (lib.RZZGate, 1), (lib.RZXGate, 1), (lib.XXMinusYYGate, 2), (lib.XXPlusYYGate, 2)]:
        qc.append(cls(*[next(values) for _ in range(n)]), [2, 0])
        qc.ry(next(values), 2)
    for gate in [lib.CCXGate(), lib.CCZGate(), lib.CSwapGate(), lib.RCCXGate()]:
        qc.append(gate, [1, 3, 0])
        qc.rx(next(values), 3)
    for gate in [lib.C3XGate(), lib.C3SXGate(), lib.RC3XGate()]:
        qc.append(gate, [3, 0, 2, 1])
        qc.h(0)
    qc.append(lib.GlobalPhaseGate(0.3), [])
    qc.barrier()
    return qc, {}


def custom_gates():
    a = Parameter("a")
    inner = QuantumCircuit(2, name="entangle")
    inner.h(0)
    inner.crz(a, 0, 1)
    inner.rx(a / 2, 1)
    entangle = inner.to_gate()
    plain = QuantumCircuit(1, name="flip")
    plain.x(0)
    plain.s(0)
    flip = plain.to_gate()
    b = Parameter("b")
    qc = QuantumCircuit(3, 1)
    qc.append(entangle.assign_parameters({a: b}) if False else entangle, [0, 2])
    qc.append(flip, [1])
    qc.append(flip, [2])
    qc.measure(2, 0)
    return qc, {"a": 0.8}


def transpiled():
    qc = QuantumCircuit(3, 3)
    qc.h(0)
    qc.cx(0, 1)
    qc.cx(1, 2)
    qc.delay(100, 1, unit="ns")
    qc.measure([0, 1, 2], [0, 1, 2])
    out = transpile(qc, basis_gates=["rz", "sx", "x", "ecr", "measure", "delay", "reset"],
                    coupling_map=CouplingMap.from_line(5), seed_transpiler=7, optimization_level=1)
    return out, {}


def statevector(circuit, values):
    bound = circuit.assign_parameters(values) if values else circuit
    unitary_part = bound.remove_final_measurements(inplace=False)
    data = Statevector(unitary_part).data
    return bound, [x for z in data for x in (float(z.real), float(z.imag))]


fixtures = []
for make in [bell, parametric, standard_gates, custom_gates, transpiled]:
    circuit, values = make()
    bound, state = statevector(circuit, values)
    for version in range(13, 18):
        buffer = io.BytesIO()
        qpy.dump(circuit, buffer, version=version)
        payload = base64.b64encode(zlib.compress(buffer.getvalue())).decode()
        fixtures.append({
            "name": make.__name__, "version": version, "qpy": payload,
            "qasm3": qasm3.dumps(bound), "parameters": values,
            "parameter_order": [p.name for p in circuit.parameters],
            "num_qubits": circuit.num_qubits, "statevector": state,
        })

with open("qiskit/qpy_fixtures.json", "w") as f:
    json.dump({"qiskit": qiskit.__version__, "fixtures": fixtures}, f)
print(len(fixtures), "fixtures")
