"""Writes gate_matrices.json: qiskit's exact unitaries (Operator(gate).data) for every gate of
QuantumCircuits' StandardGate table, at a few parameter values. Run once with qiskit 2.x:

    python3 make_gate_matrices.py   (from this directory)
"""
import json

import qiskit
import qiskit.circuit.library as lib
from qiskit.quantum_info import Operator

GATES = {
    "id": lib.IGate, "x": lib.XGate, "y": lib.YGate, "z": lib.ZGate, "h": lib.HGate, "s": lib.SGate,
    "sdg": lib.SdgGate, "t": lib.TGate, "tdg": lib.TdgGate, "sx": lib.SXGate, "sxdg": lib.SXdgGate,
    "rx": lib.RXGate, "ry": lib.RYGate, "rz": lib.RZGate, "p": lib.PhaseGate, "r": lib.RGate, "u": lib.UGate,
    "u1": lib.U1Gate, "u2": lib.U2Gate, "u3": lib.U3Gate, "cx": lib.CXGate, "cy": lib.CYGate, "cz": lib.CZGate,
    "ch": lib.CHGate, "cs": lib.CSGate, "csdg": lib.CSdgGate, "csx": lib.CSXGate, "cp": lib.CPhaseGate,
    "crx": lib.CRXGate, "cry": lib.CRYGate, "crz": lib.CRZGate, "cu": lib.CUGate, "cu1": lib.CU1Gate,
    "cu3": lib.CU3Gate, "swap": lib.SwapGate, "iswap": lib.iSwapGate, "dcx": lib.DCXGate, "ecr": lib.ECRGate,
    "rxx": lib.RXXGate, "ryy": lib.RYYGate, "rzz": lib.RZZGate, "rzx": lib.RZXGate,
    "xx_minus_yy": lib.XXMinusYYGate, "xx_plus_yy": lib.XXPlusYYGate, "ccx": lib.CCXGate, "ccz": lib.CCZGate,
    "cswap": lib.CSwapGate, "rccx": lib.RCCXGate, "c3x": lib.C3XGate, "c3sx": lib.C3SXGate,
    "rcccx": lib.RC3XGate, "c4x": lib.C4XGate, "gphase": lib.GlobalPhaseGate,
}
VALUES = [0.3, -1.1, 2.5, 0.7]
COUNTS = {"rx": 1, "ry": 1, "rz": 1, "p": 1, "r": 2, "u": 3, "u1": 1, "u2": 2, "u3": 3, "cp": 1, "crx": 1,
          "cry": 1, "crz": 1, "cu": 4, "cu1": 1, "cu3": 3, "rxx": 1, "ryy": 1, "rzz": 1, "rzx": 1,
          "xx_minus_yy": 2, "xx_plus_yy": 2, "gphase": 1}

out = {"qiskit": qiskit.__version__, "gates": []}
for name, cls in GATES.items():
    count = COUNTS.get(name, 0)
    for shift in (0.0, 1.3):
        params = [v + shift for v in VALUES[:count]]
        gate = cls(*params)
        data = Operator(gate).data
        flat = []
        for row in data:
            for z in row:
                flat += [float(z.real), float(z.imag)]
        out["gates"].append({"name": name, "qiskit_name": gate.name, "params": params,
                             "num_qubits": gate.num_qubits, "matrix": flat})
        if count == 0:
            break
with open("qiskit/gate_matrices.json", "w") as f:
    json.dump(out, f)
print(len(out["gates"]), "matrices")
