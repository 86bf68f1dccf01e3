OPENQASM 3.0;
include "stdgates.inc";
bit[1] alpha;
bit[1] beta;
qubit[2] q;
h q[0];
cx q[0], q[1];
alpha[0] = measure q[0];
beta[0] = measure q[1];
