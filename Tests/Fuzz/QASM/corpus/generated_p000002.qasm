include "stdgates.inc";
qubit[5] q0;
bit[1] c0;
input float[64] t0;
input float t1;
input angle[32] t2;
gate g0(a1, a) q0, q1, q2 { h q1; ccz q1, q0, q2; }
gate g1(c, a) q0 { gphase(c * c + euler + -tau - (a / .5)); barrier; }
ecr q0[2], q0[0];
u(-0.5 / 1e-3 * (t0 + euler) * -0.5, t0, π * t1) q0[4];
gphase(t0);
cphase((t2 + euler - -0.5) - cos(t2 / t0 + 1e-3 / t0)) q0[1], q0[3];
x q0[-1];
