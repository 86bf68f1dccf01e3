OPENQASM 3.0;
include "stdgates.inc";
input float[64] a;
input float[64] t_0;
input float[64] _v_0_;
input float[64] _v_1_;
gate r(p0, p1) _gate_q_0 {
  U(p0, -pi/2 + p1, pi/2 - p1) _gate_q_0;
}
gate my_gate(a) _gate_q_0, _gate_q_1 {
  rx(a) _gate_q_0;
  cx _gate_q_0, _gate_q_1;
}
gate outer(a) _gate_q_0, _gate_q_1 {
  my_gate(a) _gate_q_0, _gate_q_1;
  h _gate_q_0;
}
bit[2] c;
qubit[2] q;
u1(3.034063462252535) q[0];
u2(5.599876970076591, 5.941008193850362) q[1];
t q[1];
r(2.0148980752899637, 2.5952678662982422) q[0];
r(4.600505117421572, 5.145925594391907) q[1];
h q[0];
tdg q[0];
c[0] = measure q[0];
c[1] = measure q[1];
rz(_v_0_ + 2*t_0) q[0];
ry(-t_0 + _v_1_**2) q[1];
outer(a) q[0], q[1];
