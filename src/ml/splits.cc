#include "ml/splits.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

namespace vigil::ml {

Split TimeOrderedHoldout(std::span<const int64_t> micros, double holdout_share,
                         int64_t gap_micros) {
  Split split;
  if (micros.size() < 2) return split;
  std::vector<size_t> order(micros.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return micros[a] < micros[b]; });
  const size_t held = std::clamp<size_t>(
      static_cast<size_t>(std::llround(holdout_share * static_cast<double>(micros.size()))), 1,
      micros.size() - 1);
  const size_t first_test = micros.size() - held;
  split.test.assign(order.begin() + static_cast<ptrdiff_t>(first_test), order.end());
  const int64_t test_start = micros[order[first_test]];
  for (size_t i = 0; i < first_test; ++i) {
    if (micros[order[i]] <= test_start - gap_micros) split.train.push_back(order[i]);
  }
  return split;
}

Split DelayedSplit(std::span<const CardDayEvent> events, int64_t first_train_day,
                   const DelayedSplitOptions& options) {
  const int64_t test_start = first_train_day + options.train_days + options.delay_days;
  const int64_t test_end = test_start + options.test_days;
  // The first day each card had a fraud, from the start of training on.
  std::vector<size_t> frauds;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].fraud && events[i].day >= first_train_day) frauds.push_back(i);
  }
  std::sort(frauds.begin(), frauds.end(),
            [&](size_t a, size_t b) { return events[a].day < events[b].day; });
  // Test events by day, so each day sees the cards known by then.
  std::vector<size_t> test_events;
  Split split;
  for (size_t i = 0; i < events.size(); ++i) {
    const int64_t day = events[i].day;
    if (day >= first_train_day && day < first_train_day + options.train_days) {
      split.train.push_back(i);
    } else if (day >= test_start && day < test_end) {
      test_events.push_back(i);
    }
  }
  std::stable_sort(test_events.begin(), test_events.end(),
                   [&](size_t a, size_t b) { return events[a].day < events[b].day; });
  std::unordered_set<int64_t> known;
  size_t next_fraud = 0;
  for (size_t i : test_events) {
    const int64_t known_until = events[i].day - options.delay_days - 1;
    for (; next_fraud < frauds.size() && events[frauds[next_fraud]].day <= known_until;
         ++next_fraud) {
      known.insert(events[frauds[next_fraud]].card);
    }
    if (!known.contains(events[i].card)) split.test.push_back(i);
  }
  std::sort(split.test.begin(), split.test.end());
  return split;
}

std::vector<Split> PrequentialFolds(std::span<const CardDayEvent> events, int64_t latest_train_day,
                                    int folds, const DelayedSplitOptions& options) {
  std::vector<Split> out;
  for (int fold = 0; fold < folds; ++fold) {
    out.push_back(DelayedSplit(events, latest_train_day - 7 * fold, options));
  }
  return out;
}

}  // namespace vigil::ml
