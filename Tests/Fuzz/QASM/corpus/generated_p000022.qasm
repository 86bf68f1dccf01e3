OPENQASM 3;
include "stdgates.inc";
qubit q0;
qubit[5] q1;
bit[3] c0;
input float t0;
gate g0(θ) q0, q1, q2 { id q0; barrier; }
cu3(t0, pi, t0) q1[2], q0[0];
