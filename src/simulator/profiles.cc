#include "simulator/profiles.h"

#include <algorithm>
#include <cmath>

#include "simulator/random.h"

namespace vigil::simulator {

namespace {

// `count` profiles, each filled by `draw(random, profile)` in id order from one stream.
template <typename Profile, typename Draw>
std::vector<Profile> DrawProfiles(uint32_t count, uint64_t seed, Stream stream, Draw draw) {
  Random random(StreamSeed(seed, stream));
  std::vector<Profile> profiles(count);
  for (Profile& profile : profiles) draw(random, profile);
  return profiles;
}

}  // namespace

std::vector<CustomerProfile> GenerateCustomerProfiles(uint32_t count, uint64_t seed) {
  return DrawProfiles<CustomerProfile>(count, seed, Stream::kCustomerProfiles,
                                       [](Random& random, CustomerProfile& c) {
                                         c.x = random.Uniform(0, kGridSize);
                                         c.y = random.Uniform(0, kGridSize);
                                         c.mean_amount = random.Uniform(5, 100);
                                         c.std_amount = c.mean_amount / 2;
                                         c.mean_tx_per_day = random.Uniform(0, 4);
                                       });
}

std::vector<TerminalProfile> GenerateTerminalProfiles(uint32_t count, uint64_t seed) {
  return DrawProfiles<TerminalProfile>(count, seed, Stream::kTerminalProfiles,
                                       [](Random& random, TerminalProfile& t) {
                                         t.x = random.Uniform(0, kGridSize);
                                         t.y = random.Uniform(0, kGridSize);
                                       });
}

TerminalAssociation::TerminalAssociation(std::span<const CustomerProfile> customers,
                                         std::span<const TerminalProfile> terminals,
                                         double radius) {
  // Terminals bucketed in square cells at least `radius` wide, so that a customer's terminals
  // lie in its own cell and the eight around it: 10,000 terminals x 5,000 customers would be
  // 50 million distances, the cells make it about 2 million.
  const int cells = static_cast<int>(std::clamp(std::floor(kGridSize / radius), 1.0, 1024.0));
  const double cell_size = kGridSize / cells;
  auto cell_of = [&](double coordinate) {
    return std::clamp(static_cast<int>(coordinate / cell_size), 0, cells - 1);
  };
  std::vector<uint32_t> cell_start(static_cast<size_t>(cells) * cells + 1, 0);
  std::vector<uint32_t> cell_index(terminals.size());
  for (size_t t = 0; t < terminals.size(); ++t) {
    cell_index[t] =
        static_cast<uint32_t>(cell_of(terminals[t].y) * cells + cell_of(terminals[t].x));
    ++cell_start[cell_index[t] + 1];
  }
  for (size_t i = 1; i < cell_start.size(); ++i) cell_start[i] += cell_start[i - 1];
  std::vector<uint32_t> by_cell(terminals.size());
  {
    std::vector<uint32_t> next(cell_start.begin(), cell_start.end() - 1);
    for (size_t t = 0; t < terminals.size(); ++t)
      by_cell[next[cell_index[t]]++] = static_cast<uint32_t>(t);
  }

  const double radius2 = radius * radius;
  offsets_.reserve(customers.size() + 1);
  offsets_.push_back(0);
  for (const CustomerProfile& c : customers) {
    const size_t first = terminal_ids_.size();
    const int cx = cell_of(c.x), cy = cell_of(c.y);
    for (int y = std::max(cy - 1, 0); y <= std::min(cy + 1, cells - 1); ++y) {
      for (int x = std::max(cx - 1, 0); x <= std::min(cx + 1, cells - 1); ++x) {
        const size_t cell = static_cast<size_t>(y) * cells + x;
        for (uint32_t i = cell_start[cell]; i < cell_start[cell + 1]; ++i) {
          const TerminalProfile& t = terminals[by_cell[i]];
          const double dx = t.x - c.x, dy = t.y - c.y;
          if (dx * dx + dy * dy < radius2) terminal_ids_.push_back(by_cell[i]);
        }
      }
    }
    std::sort(terminal_ids_.begin() + static_cast<ptrdiff_t>(first), terminal_ids_.end());
    offsets_.push_back(terminal_ids_.size());
  }
}

}  // namespace vigil::simulator
