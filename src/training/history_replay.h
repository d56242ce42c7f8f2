// Replaying the stored events of one event type through its aggregates in time order, each
// stored label reaching the windows at its label time — before the events of the same instant —
// so that a label counts exactly from when it was known, as it did live. Labels whose time lies
// after the last event are applied at the end.
//
// Two users, one replay, so that they cannot disagree about what an aggregate meant:
// - the rebuild at start (cli/aggregate_rebuild.h) only counts, into the serving windows;
// - training (training/training_replay.h) also reads, for every event right after it was counted, the
//   values Decide would have seen at that moment: its variables and its aggregates, point in
//   time. It replays into a snapshot of its own, whose windows no live traffic touches.
//
// A stored event that no longer fits its event type (a variable since removed) is skipped and
// counted; it does not stop the replay. Reading, parsing and binding the stored rows takes about
// as long as replaying them, so the two run on two threads: the caller's thread reads, a second
// one ("vigil-replay") counts and calls `visit`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "core/value.h"
#include "engine/event_history.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace vigil::training {

// A stored event as the replay hands it on: bound to its event type as it is now, with the
// label it is stored with (its final one) and that label's time.
struct ReplayedEvent {
  engine::BoundHistoryEvent event;
  std::optional<std::string> label;
  int64_t label_micros = 0;
};

struct ReplayCounts {
  int64_t events = 0;   // replayed into the windows
  int64_t labels = 0;   // applied
  int64_t skipped = 0;  // stored events that no longer bind to their event type
};

struct ReplayHooks {
  // Called on the replaying thread for every event right after it was counted, with the
  // event's values by variable slot, its aggregates filled in as Decide would have read them.
  // Empty: the events are only counted (cheaper: the aggregates are not copied out).
  std::function<void(const ReplayedEvent& event, std::span<const Value> values)> visit;
  // Called on the caller's thread every `progress_every` events read.
  std::function<void(int64_t events_read)> progress;
  int64_t progress_every = 100'000;
};

// Replays every stored event of `event_type` (an event type of `snapshot`, whose lists the
// aggregates' filters read) into its windows, adding to `counts`. Store errors stop it and are
// returned; the windows then hold part of the history.
Status ReplayStoredEvents(store::Store& store, const engine::Snapshot& snapshot,
                          const engine::CompiledEventType& event_type, const ReplayHooks& hooks,
                          ReplayCounts& counts);

}  // namespace vigil::training
