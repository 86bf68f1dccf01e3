OPENQASM 3.0;
include "stdgates.inc";
input float x;
qubit q;
rz(x + 0/0) q;
rz(1e999) q;
delay[1e999ns] q;
