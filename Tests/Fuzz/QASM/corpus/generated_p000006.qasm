OPENQASM 3;
input angle[32] t0;
input angle t1;
gate id(θ) q0, q1 { rzx(θ) q1, q0; gphase(θ - 0x1F * θ - (atan(1.25)) / tan(θ) + θ); }
gate g1(x, θ) q0, q1 { u2(θ, (euler - -tan(θ))) q0; y q1; barrier; }
gate c q0, q1 { id(.5) q1, q0; rz(euler) q0; h q0; }
gate g3(θ) q0 { gphase(1.25); gphase(.5 - -0.5 - 3 + exp(0.5 - 1)); }
c $1, $3;
rccx() $7, $2, $6;
crz(-0.5 * 3 + t1 ** -t0) $5, $2;
g3(t0) $0;
ccx $4, $9, $8;
rz(-1) $9;
barrier;
reset $7;
u1(t0) $7;
g1(t0, 3) $9, $4;
sdg $2;
gphase(sin(t1 + 1e-3 + t1 * t0 ** t1 - π));
cnot $2, $1;
barrier;
