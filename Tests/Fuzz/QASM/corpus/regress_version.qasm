OPENQASM 1e300;
qubit q;
