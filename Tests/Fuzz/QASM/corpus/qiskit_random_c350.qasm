OPENQASM 3.0;
include "stdgates.inc";
gate cu3(p0, p1, p2) _gate_q_0, _gate_q_1 {
  p(0.5*p2 + 0.5*p1) _gate_q_0;
  p(0.5*p2 - 0.5*p1) _gate_q_1;
  cx _gate_q_0, _gate_q_1;
  U((-0.5)*p0, 0, (-0.5)*p1 - 0.5*p2) _gate_q_1;
  cx _gate_q_0, _gate_q_1;
  U(0.5*p0, p1, 0) _gate_q_1;
}
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
gate ecr _gate_q_0, _gate_q_1 {
  s _gate_q_0;
  sx _gate_q_1;
  cx _gate_q_0, _gate_q_1;
  x _gate_q_0;
}
bit[5] c;
qubit[5] q;
cu3(2.1596236887709543, 4.15064334700798, 5.35330775687997) q[2], q[0];
crx(4.438831457827719) q[3], q[1];
tdg q[4];
u3(0.6695545415789861, 3.964689164028577, 0.3200476952170895) q[2];
cry(3.7475949884177506) q[3], q[4];
t q[1];
tdg q[0];
rccx q[0], q[3], q[4];
rx(3.4804632898727332) q[1];
z q[4];
cz q[3], q[2];
h q[2];
ecr q[3], q[4];
ry(3.2011220219042493) q[0];
sdg q[1];
c[0] = measure q[0];
c[1] = measure q[1];
c[2] = measure q[2];
c[3] = measure q[3];
c[4] = measure q[4];
