#include "simulator/random.h"

#include <cmath>

#include "simulator/portable_math.h"

namespace vigil::simulator {

namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t StreamSeed(uint64_t seed, Stream stream, uint64_t index) {
  return SplitMix64(SplitMix64(SplitMix64(seed) ^ static_cast<uint64_t>(stream)) ^ index);
}

uint64_t Random::UniformIndex(uint64_t n) {
  const uint64_t biased_below = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const uint64_t x = engine_();
    if (x >= biased_below) return x % n;
  }
}

double Random::Normal(double mean, double sd) {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + sd * spare_normal_;
  }
  double u, v, s;
  do {
    u = Uniform(-1, 1);
    v = Uniform(-1, 1);
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const double factor = std::sqrt(-2 * PortableLog(s) / s);  // sqrt is correctly rounded
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return mean + sd * (u * factor);
}

uint32_t Random::Poisson(double exp_minus_mean) {
  uint32_t count = 0;
  double product = Uniform01();
  while (product > exp_minus_mean) {
    ++count;
    product *= Uniform01();
  }
  return count;
}

}  // namespace vigil::simulator
