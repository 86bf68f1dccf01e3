OPENQASM 3.0;
include "stdgates.inc";
input float t;
gate twirl(a, b) x, y { rz(a) x; cx x, y; ry(b/2) y; gphase(a); barrier x; }
gate outer(t) p, q { twirl(t, 2*t) q, p; h p; }
gate global_phase(p0) { gphase(p0); }
qubit[2] q;
outer(0.5) q[0], q[1];
outer(t) q[1], q[0];
global_phase(t);
