OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
rz(0x1F + 0o17 + 0b101 + 1_000.5e-3 + .5) q[0];
delay[1.5us] q[1];
delay[160dt] q;
delay[2µs] q[2];
barrier;
