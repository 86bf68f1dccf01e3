OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
ctrl @ x q, q;
if (c == 1) x q;
for int i in [0:2] { x q; }
