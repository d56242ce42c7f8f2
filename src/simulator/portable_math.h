// log and exp from IEEE-754 basic operations only (+ - * /, frexp/ldexp), which are correctly
// rounded, so their results are the same bits on every conforming platform. The C library's
// std::log and std::exp are not specified to the last bit and differ between libm versions;
// the simulator's output must not. The simulator target is built with -ffp-contract=off so that
// the compiler does not fuse a*b+c into an FMA on some targets and not on others.
// Accuracy: within a few ulps of the true value (tested against std::log/std::exp).
#pragma once

namespace vigil::simulator {

// Natural logarithm. Precondition: x > 0 and finite.
double PortableLog(double x);

// e^x. Precondition: -700 <= x <= 700.
double PortableExp(double x);

}  // namespace vigil::simulator
