OPENQASM 3.0;
include "stdgates.inc";
gate rzz(p0) _gate_q_0, _gate_q_1 {
  cx _gate_q_0, _gate_q_1;
  rz(p0) _gate_q_1;
  cx _gate_q_0, _gate_q_1;
}
qubit[3] q;
rx(0.7) q[0];
ry(3.6) q[1];
U(0.7, 1.3, -0.7) q[2];
cp(0.9092974268256817) q[0], q[1];
rzz(0.9384615384615383) q[1], q[2];
crx(0.81) q[2], q[0];
rz(1.635406901709062) q[0];
p(0.30000000000000004) q[1];
ry(3.0107259643892084) q[2];
