OPENQASM 3.0;
include "stdgates.inc";
qubit q;
h q;
gate h a { x a; }
h q;
