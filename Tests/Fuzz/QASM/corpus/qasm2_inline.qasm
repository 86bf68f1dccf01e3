OPENQASM 2.0;
gate u3(theta,phi,lambda) q { U(theta,phi,lambda) q; }
gate cx c,t { CX c,t; }
gate h a { u3(pi/2,0,pi) a; }
qreg q[3];
creg c[3];
h q[0];
cx q[0],q[1];
CX q[1],q[2];
measure q -> c;
