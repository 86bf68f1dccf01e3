OPENQASM 3.0;
include "stdgates.inc";
input float[64] θ;
qubit[2] é;
rz(θ) é[1];
cx é[0], é[1];
