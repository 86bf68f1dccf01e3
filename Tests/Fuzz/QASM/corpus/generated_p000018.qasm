OPENQASM 3;
include "stdgates.inc";
qubit[5] q0;
qubit[5] é;
qubit[0] q2;
bit[3] c0;
gate id(b) q0, q1, q2 { toffoli q2, q1, q0; dcx q0, q1; barrier q0, q1, q2; }
gate g1 q0, q1 { z q0; sx q0; }
reset q0;
g1 q0[1], é[1];
g1() q0[1], é[3];
cphase(atan(.5) - 0x1F * euler ** tan(euler) + 1.25 * 0.5 / tau * euler) q0[{0, 0, 4}], q0[-4];
rz(tan(tau) / pi) q0[0];
g1 q0[-2], é[2];
p(tau) q0[1];
measure q0[1] -> c0[1];
id(0x1F) q0[3], q0[2], é[3];
c0[0] = measure é[3];
cry(tau) é[1], q0[3];
barrier q0[{1, 4, 4}];
reset q2;
barrier q2, é, é[4];
cs q2, é[-4];
