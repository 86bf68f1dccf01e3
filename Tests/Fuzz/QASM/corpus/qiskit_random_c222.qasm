OPENQASM 3.0;
include "stdgates.inc";
gate sxdg _gate_q_0 {
  s _gate_q_0;
  h _gate_q_0;
  s _gate_q_0;
}
qubit[3] q;
sxdg q[2];
u1(4.703593363970095) q[0];
rx(4.947340713394247) q[1];
barrier q[0], q[1], q[2];
delay[100dt] q[0];
