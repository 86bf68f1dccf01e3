OPENQASM 3.0;
include "stdgates.inc";
gate entangle(_gate_p_0) _gate_q_0, _gate_q_1 {
  h _gate_q_0;
  crz(0.8) _gate_q_0, _gate_q_1;
  rx(0.4) _gate_q_1;
}
gate flip _gate_q_0 {
  x _gate_q_0;
  s _gate_q_0;
}
bit[1] c;
qubit[3] q;
entangle(0.8) q[0], q[2];
flip q[1];
flip q[2];
c[0] = measure q[2];
