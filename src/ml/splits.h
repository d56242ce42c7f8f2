// How labelled history is split in time to train and measure a model, so that no model is ever
// measured on events older than the ones it learned from.
//
// TimeOrderedHoldout is AFD's: the latest share of the events (15%) is the validation set, with
// an optional gap before it for the labels still on their way. DelayedSplit is the Fraud
// Detection Handbook's protocol (section 3.4): a training week, a week's delay while
// investigators label, a test week from which cards already known to be compromised are removed.
// PrequentialFolds repeats it with the training week moved back a week at a time (section 5.3).
//
// Pure: thread-safe. Indices refer to the caller's events.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vigil::ml {

struct Split {
  std::vector<size_t> train;
  std::vector<size_t> test;
};

// `micros`: each event's time. The latest `holdout_share` of the events (by time, at least one
// and at least one left before) form `test`; `train` is every event at least `gap_micros` older
// than the first test event. Precondition: 0 < holdout_share < 1.
Split TimeOrderedHoldout(std::span<const int64_t> micros, double holdout_share = 0.15,
                         int64_t gap_micros = 0);

struct CardDayEvent {
  int64_t day = 0;   // whole days, e.g. since the epoch
  int64_t card = 0;  // the customer whose card it is
  bool fraud = false;
};

struct DelayedSplitOptions {
  int train_days = 7;  // Default: the Handbook's week.
  int delay_days = 7;  // between training and test, while labels arrive. Default: a week.
  int test_days = 7;   // Default: a week.
};

// Train: the events of days [first_train_day, first_train_day + train_days). Test: those of the
// test_days after the delay, less, on each test day D, the events of cards with a fraud on any
// day from first_train_day to D - delay_days - 1 (known by then, so already blocked).
Split DelayedSplit(std::span<const CardDayEvent> events, int64_t first_train_day,
                   const DelayedSplitOptions& options = {});

// `folds` DelayedSplits whose training starts at latest_train_day, then 7 days earlier each.
std::vector<Split> PrequentialFolds(std::span<const CardDayEvent> events, int64_t latest_train_day,
                                    int folds = 4, const DelayedSplitOptions& options = {});

}  // namespace vigil::ml
