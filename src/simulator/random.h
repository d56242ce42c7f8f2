// The simulator's random numbers, specified to the bit so that a seed gives the same dataset
// everywhere. The engine is std::mt19937_64, whose output sequence the C++ standard fixes; the
// distributions are our own (the std:: ones are implementation-defined):
//   Uniform01()     (engine() >> 11) * 2^-53, in [0, 1);
//   Uniform(a, b)   a + (b - a) * Uniform01();
//   UniformIndex(n) engine() % n, rejecting the engine() < 2^64 mod n that would bias it;
//   Normal(m, sd)   Marsaglia's polar method on two Uniform(-1, 1), the second variate of a pair
//                   kept for the next call;
//   Poisson(mean)   Knuth's method: the number of Uniform01() whose running product stays above
//                   e^-mean (precondition: 0 <= mean <= 30).
// Only IEEE-754 basic operations and PortableLog/PortableExp are used (see portable_math.h).
//
// Each independent part of the dataset draws from its own stream, seeded with
// StreamSeed(seed, stream, index): the customers' profiles, the terminals' locations, each
// customer's transactions, each day's compromised terminals and customers. A part's numbers thus
// do not depend on how many numbers another part drew.
//
// Not thread-safe: one Random per thread.
#pragma once

#include <cstdint>
#include <random>

namespace vigil::simulator {

enum class Stream : uint64_t {
  kCustomerProfiles = 1,
  kTerminalProfiles = 2,
  kCustomerTransactions = 3,  // index: the customer id
  kCompromisedTerminals = 4,  // index: the day
  kCompromisedCustomers = 5,  // index: the day
};

// SplitMix64's finaliser applied to the seed, then to the stream and then to the index mixed in.
uint64_t StreamSeed(uint64_t seed, Stream stream, uint64_t index = 0);

class Random {
 public:
  explicit Random(uint64_t stream_seed) : engine_(stream_seed) {}

  double Uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double low, double high) { return low + (high - low) * Uniform01(); }

  // Precondition: n >= 1.
  uint64_t UniformIndex(uint64_t n);

  double Normal(double mean, double sd);

  // Precondition: exp_minus_mean == PortableExp(-mean), 0 <= mean <= 30. The caller passes
  // e^-mean so that it is computed once per customer, not once per day.
  uint32_t Poisson(double exp_minus_mean);

 private:
  std::mt19937_64 engine_;
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

}  // namespace vigil::simulator
