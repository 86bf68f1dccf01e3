OPENQASM 3.0;
include "stdgates.inc";
barrier;
qubit[0] z;
qubit q;
barrier z;
barrier q;
