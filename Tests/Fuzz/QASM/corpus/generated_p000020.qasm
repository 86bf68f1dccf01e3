OPENQASM 3;
include "stdgates.inc";
qubit[2] q0;
bit[3] c0;
bit[2] c1;
input float t0;
input angle[32] t1;
input angle t2;
gate x1 q0, q1 { sxdg q1; s q0; }
gate g1 q0 { U(1 + 3 + 1 ** 0.5 / 0x1F - π, cos(π - 3), -0.5 / 0.5 ** 3 / 1.25 - 2.5 / π) q0; }
gate g2(θ, a) q0, q1, q2 {  }
ch q0[1], q0[0];
cphase(((t2) * -.5 ** sin(1))) q0[1], q0[0];
gphase(t1 / t1 - (-0.5) * 0.5);
phase(((t1) / -2.5 + t0 ** t1 - pi ** 1e-3)) q0[1];
barrier q0, q0[-2], q0[-2];
barrier;
barrier q0[-2], q0[-1];
cnot q0[1], q0[0];
ry((cos(sin(3) + pi))) q0[-1];
reset q0[-2];
c0[0] = measure q0[1];
barrier;
reset q0[-2];
t q0[-2];
reset q0[-2];
