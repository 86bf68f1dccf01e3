OPENQASM 2.0;
include "qelib1.inc";
creg c0[3];
gate theta(c)  { barrier; gphase(c * -c - 1); }
theta(.5 * 0 ** 0x1F);
creg c1[3];
