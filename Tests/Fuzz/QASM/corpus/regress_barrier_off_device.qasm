OPENQASM 3.0;
include "stdgates.inc";
barrier $200;
h $0;
barrier $1, $7;
