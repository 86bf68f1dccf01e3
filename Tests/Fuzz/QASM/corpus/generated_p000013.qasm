OPENQASM 3.0;
qubit[5] q0;
qubit[5] q1;
qubit[2] q2;
bit[3] c0;
rccx q1[3], q0[4], q1[0];
z q1[3];
h q2[1];
s q1[1];
