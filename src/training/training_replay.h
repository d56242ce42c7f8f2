// The training set of a model, replayed from the stored events of its event type: every event
// the label schema classes as fraud or legitimate becomes a row holding its input variables as
// Decide saw them at the event's time. Aggregates come from replaying the history through the
// serving aggregate code (training/history_replay.h), each label counting from its label time, in a
// snapshot of their own: the serving windows are not touched, and a server may keep running on
// the same catalog meanwhile.
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/label_schema.h"
#include "training/history_replay.h"
#include "core/result.h"
#include "ml/training_set.h"
#include "store/store.h"

namespace vigil::training {

struct TrainingReplayOptions {
  std::string event_type;
  // The model's inputs: event, derived or aggregate variables of the event type, in order.
  // Empty: every one of them that is a number, a boolean or a datetime, in slot order.
  std::vector<std::string> inputs;
  catalog::LabelSchema labels;
  // Only events in [from_micros, until_micros) become rows (AFD's ingestedEventsTimeWindow); the
  // events before still feed the aggregates. Default: every event.
  int64_t from_micros = INT64_MIN;
  int64_t until_micros = INT64_MAX;
  // Called every 100,000 events read, with how many were.
  std::function<void(int64_t events_read)> progress;
};

struct TrainingReplay {
  ml::TrainingSet set;
  ReplayCounts counts;
  // Events left out: by the label schema (unlabelled, or an unmapped label) or outside the window.
  int64_t left_out = 0;
};

// Errors: kNotFound for an unknown event type; kInvalidArgument naming "inputs" for an input
// that is not an event, derived or aggregate variable of it (or appears twice), or for a label
// schema that does not fit its labels; store errors.
Result<TrainingReplay> ReplayTrainingSet(store::Store& store, catalog::CatalogPtr catalog,
                                         const TrainingReplayOptions& options);

}  // namespace vigil::training
