#include "simulator/portable_math.h"

#include <cmath>

namespace vigil::simulator {

namespace {

// ln 2 split so that k * kLn2Hi is exact for the |k| < 2^11 used here (Cody and Waite).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

}  // namespace

double PortableLog(double x) {
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m * 2^exponent, m in [0.5, 1): exact
  if (m < kSqrtHalf) {
    m *= 2;  // exact
    --exponent;
  }
  // m in [sqrt(1/2), sqrt(2)): log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), |s| <= 0.172;
  // the terms up to s^25 leave an error below 2^-60 of the result.
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double series = 1.0 / 25;
  for (int k = 23; k >= 1; k -= 2) series = series * s2 + 1.0 / k;
  const double log_m = 2 * s * series;
  const double e = exponent;
  return e * kLn2Hi + (log_m + e * kLn2Lo);
}

double PortableExp(double x) {
  // x = k ln2 + r with |r| <= ln2/2; e^x = 2^k e^r, e^r by its Taylor series to r^16/16!
  // (error below 2^-60 for |r| <= 0.35).
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double series = 1;
  for (int n = 16; n >= 1; --n) series = 1 + series * r / n;
  return std::ldexp(series, static_cast<int>(k));
}

}  // namespace vigil::simulator
