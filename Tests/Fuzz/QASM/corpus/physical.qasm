OPENQASM 3.0;
bit[2] c;
rz(pi/2) $5;
sx $5;
ecr $5, $7;
delay[100ns] $7;
barrier $5, $7;
c[0] = measure $5;
c[1] = measure $7;
