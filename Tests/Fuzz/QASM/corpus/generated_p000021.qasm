OPENQASM 3;
include "stdgates.inc";
bit[1] c0;
gate id(b) q0, q1 { id q0; h q0; }
gate g1(a) q0, q1 { x q0; cp(tan(a)) q1, q0; rz(cos(3 / 2.5 / 1 + .5) - a * 0.5 * -a ** a) q0; }
gate g2(θ)  {  }
x $6;
sxdg $1;
barrier;
dcx $9, $0;
gphase(euler / .5 * 0x1F ** tau / euler);
bit[1] c1;
g1(atan(2.5 * 1e-3 ** 1e-3 + tau + -π)) $5, $9;
c0[0] = measure $2;
