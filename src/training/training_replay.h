// The training set of a model, replayed from the stored events of its event type: every event
// the label schema classes as fraud or legitimate becomes a row holding its input variables as
// Decide saw them at the event's time. Aggregates come from replaying the history through the
// serving aggregate code (training/history_replay.h), each label counting from its label time, in a
// snapshot of their own: the serving windows are not touched, and a server may keep running on
// the same catalog meanwhile.
#pragma once

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
  // Called every 100,000 events read, with how many were.
  std::function<void(int64_t events_read)> progress;
};

struct TrainingReplay {
  ml::TrainingSet set;
  ReplayCounts counts;
  int64_t left_out = 0;  // events the label schema leaves out (unlabelled, or an unmapped label)
};

// Errors: kNotFound for an unknown event type; kInvalidArgument naming "inputs" for an input
// that is not an event, derived or aggregate variable of it (or appears twice), or for a label
// schema that does not fit its labels; store errors.
Result<TrainingReplay> ReplayTrainingSet(store::Store& store, catalog::CatalogPtr catalog,
                                         const TrainingReplayOptions& options);

}  // namespace vigil::training
