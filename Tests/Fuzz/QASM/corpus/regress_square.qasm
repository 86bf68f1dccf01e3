OPENQASM 3.0;
include "stdgates.inc";
input float[64] t;
gate g0(a) q { rz(a) q; }
gate g1(a) q { g0(a*a) q; }
gate g2(a) q { g1(a*a) q; }
gate g3(a) q { g2(a*a) q; }
gate g4(a) q { g3(a*a) q; }
gate g5(a) q { g4(a*a) q; }
gate g6(a) q { g5(a*a) q; }
gate g7(a) q { g6(a*a) q; }
gate g8(a) q { g7(a*a) q; }
gate g9(a) q { g8(a*a) q; }
gate g10(a) q { g9(a*a) q; }
gate g11(a) q { g10(a*a) q; }
gate g12(a) q { g11(a*a) q; }
gate g13(a) q { g12(a*a) q; }
gate g14(a) q { g13(a*a) q; }
gate g15(a) q { g14(a*a) q; }
gate g16(a) q { g15(a*a) q; }
gate g17(a) q { g16(a*a) q; }
gate g18(a) q { g17(a*a) q; }
gate g19(a) q { g18(a*a) q; }
gate g20(a) q { g19(a*a) q; }
gate g21(a) q { g20(a*a) q; }
gate g22(a) q { g21(a*a) q; }
gate g23(a) q { g22(a*a) q; }
gate g24(a) q { g23(a*a) q; }
gate g25(a) q { g24(a*a) q; }
gate g26(a) q { g25(a*a) q; }
gate g27(a) q { g26(a*a) q; }
gate g28(a) q { g27(a*a) q; }
gate g29(a) q { g28(a*a) q; }
qubit q;
g29(t) q;
