OPENQASM 3.0;
include "stdgates.inc";
gate ecr _gate_q_0, _gate_q_1 {
  s _gate_q_0;
  sx _gate_q_1;
  cx _gate_q_0, _gate_q_1;
  x _gate_q_0;
}
bit[3] c;
rz(pi/2) $0;
sx $0;
rz(-pi) $1;
sx $1;
rz(-pi) $1;
ecr $0, $1;
x $0;
rz(-pi/2) $1;
rz(-pi) $2;
sx $2;
rz(-pi) $2;
ecr $1, $2;
x $1;
delay[1e-07s] $1;
c[0] = measure $0;
c[1] = measure $1;
c[2] = measure $2;
