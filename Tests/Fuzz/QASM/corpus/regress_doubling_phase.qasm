OPENQASM 3.0;
include "stdgates.inc";
input float[64] t;
gate g0(a) q { gphase(a); }
gate g1(a) q { g0(a) q; g0(a) q; }
gate g2(a) q { g1(a) q; g1(a) q; }
gate g3(a) q { g2(a) q; g2(a) q; }
gate g4(a) q { g3(a) q; g3(a) q; }
gate g5(a) q { g4(a) q; g4(a) q; }
gate g6(a) q { g5(a) q; g5(a) q; }
gate g7(a) q { g6(a) q; g6(a) q; }
gate g8(a) q { g7(a) q; g7(a) q; }
gate g9(a) q { g8(a) q; g8(a) q; }
gate g10(a) q { g9(a) q; g9(a) q; }
gate g11(a) q { g10(a) q; g10(a) q; }
gate g12(a) q { g11(a) q; g11(a) q; }
gate g13(a) q { g12(a) q; g12(a) q; }
gate g14(a) q { g13(a) q; g13(a) q; }
gate g15(a) q { g14(a) q; g14(a) q; }
gate g16(a) q { g15(a) q; g15(a) q; }
gate g17(a) q { g16(a) q; g16(a) q; }
gate g18(a) q { g17(a) q; g17(a) q; }
gate g19(a) q { g18(a) q; g18(a) q; }
gate g20(a) q { g19(a) q; g19(a) q; }
gate g21(a) q { g20(a) q; g20(a) q; }
gate g22(a) q { g21(a) q; g21(a) q; }
gate g23(a) q { g22(a) q; g22(a) q; }
gate g24(a) q { g23(a) q; g23(a) q; }
gate g25(a) q { g24(a) q; g24(a) q; }
gate g26(a) q { g25(a) q; g25(a) q; }
gate g27(a) q { g26(a) q; g26(a) q; }
gate g28(a) q { g27(a) q; g27(a) q; }
gate g29(a) q { g28(a) q; g28(a) q; }
gate g30(a) q { g29(a) q; g29(a) q; }
gate g31(a) q { g30(a) q; g30(a) q; }
gate g32(a) q { g31(a) q; g31(a) q; }
gate g33(a) q { g32(a) q; g32(a) q; }
gate g34(a) q { g33(a) q; g33(a) q; }
gate g35(a) q { g34(a) q; g34(a) q; }
gate g36(a) q { g35(a) q; g35(a) q; }
gate g37(a) q { g36(a) q; g36(a) q; }
gate g38(a) q { g37(a) q; g37(a) q; }
gate g39(a) q { g38(a) q; g38(a) q; }
gate g40(a) q { g39(a) q; g39(a) q; }
qubit q;
g40(t) q;
