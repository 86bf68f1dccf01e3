OPENQASM 3.0;
include "stdgates.inc";
input float[64] t_0;
input float[64] _v_0_;
input float[64] _v_1_;
gate rccx _gate_q_0, _gate_q_1, _gate_q_2 {
  h _gate_q_2;
  t _gate_q_2;
  cx _gate_q_1, _gate_q_2;
  tdg _gate_q_2;
  cx _gate_q_0, _gate_q_2;
  t _gate_q_2;
  cx _gate_q_1, _gate_q_2;
  tdg _gate_q_2;
  h _gate_q_2;
}
gate ccz _gate_q_0, _gate_q_1, _gate_q_2 {
  h _gate_q_2;
  ccx _gate_q_0, _gate_q_1, _gate_q_2;
  h _gate_q_2;
}
qubit[4] q;
cswap q[3], q[0], q[1];
u2(4.55740020858787, 0.8927524113590908) q[2];
cswap q[1], q[0], q[3];
rccx q[1], q[3], q[0];
ccz q[0], q[1], q[3];
tdg q[2];
ry(3.391940315799075) q[3];
cz q[2], q[1];
rz(_v_0_ + 2*t_0) q[0];
ry(-t_0 + _v_1_**2) q[3];
