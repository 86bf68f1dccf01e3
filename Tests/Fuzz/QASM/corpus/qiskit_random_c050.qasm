OPENQASM 3.0;
include "stdgates.inc";
input float[64] t_0;
input float[64] _v_0_;
input float[64] _v_1_;
qubit[1] q;
u3(1.2652310373939948, 1.1815463812421827, 6.200205337771943) q[0];
rz(_v_0_ + 2*t_0) q[0];
ry(-t_0 + _v_1_**2) q[0];
