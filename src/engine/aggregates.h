// The aggregate variables of one event type, compiled from the catalog and bound to the windows
// that hold their state (features/sharded_windows.h).
//
// Aggregates are grouped by what they are keyed by (an entity type's id, or a variable's value)
// and, for the label functions, by the labels that mean fraud: one group is one set of windows,
// one key lookup per event. A group's windows outlive snapshots: a snapshot built with the
// previous one takes over every group whose definitions did not change, so editing a rule (or
// one aggregate) keeps every other aggregate's state; a group that is new or changed starts empty
// until it is rebuilt from the stored events (NeedsRebuild; cli/aggregate_rebuild.h).
//
// Thread-safe after Compile: Update and Undo may run on any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"
#include "core/value.h"
#include "features/sharded_windows.h"
#include "rules/rules.h"

namespace vigil::engine {

struct AggregateGroup {
  std::string key;        // the entity type or variable the group is keyed by
  int entity_index = -1;  // >= 0: keyed by the id of this entity type of the event type
  int key_slot = -1;      // >= 0: keyed by the value of this variable slot
  std::vector<int> out_slots;     // per aggregate (windows' spec order): its variable slot
  std::vector<int> source_slots;  // per value source: the variable slot it reads
  uint64_t hashed_sources = 0;    // bit s: source s is read by a distinct_count (it is hashed)
  std::vector<std::shared_ptr<const rules::Program>> filters;  // per aggregate; null: all count
  std::vector<std::string> fraud_labels;  // the label functions': labels that mean fraud
  std::string signature;                  // equal signatures can share windows
  std::shared_ptr<features::ShardedWindows> windows;
};

// What Update did to one group, so that Undo can take it back.
struct AggregateUpdate {
  size_t group = 0;
  std::string key;
  int64_t time_micros = 0;
  uint64_t event_hash = 0;
};

class EventAggregates {
 public:
  // Compiles the aggregate variables of `event_type` whose slots are in `slot_of` (the event
  // type's variable slots), filters against `event_environment` (its event variables and the
  // lists: a filter reads the event, not other aggregates or scores). Reuses the windows of
  // `previous` (may be null) where a group's signature matches. Errors name the variable and
  // the member ("aggregate.key") of a reference that does not resolve.
  static Result<EventAggregates> Compile(const catalog::Catalog& catalog,
                                         const catalog::EventType& event_type,
                                         const std::unordered_map<std::string, int>& slot_of,
                                         const rules::Environment& event_environment,
                                         const EventAggregates* previous);

  bool empty() const { return groups_.empty(); }
  // Whether some group's windows do not hold the stored history yet.
  bool NeedsRebuild() const;
  // Says every group's windows hold it (after a rebuild).
  void MarkRebuilt() const;
  const std::vector<AggregateGroup>& groups() const { return groups_; }

  // Adds the event to every group's windows and writes each aggregate's value into `values` at
  // its slot. `values` holds the event's variables already (filters read them); `entity_ids`
  // are the event's, in the event type's order ("unknown" when absent). A group whose key is
  // absent (an unknown entity, a null variable) leaves its aggregates null and counts nothing.
  // What was added is appended to `updates`, for Undo.
  void Update(std::string_view event_id, int64_t event_micros,
              std::span<const std::string_view> entity_ids, std::span<Value> values,
              std::span<const rules::ListValues* const> lists,
              std::vector<AggregateUpdate>& updates) const;
  // What Update does for groups()[group] alone, writing the group's aggregates into `out`
  // (out[i] for its i-th aggregate, out.size() >= that many) instead of `values`; false, and
  // `out` untouched, when the event has no key in the group. The groups are independent of each
  // other (a filter, a source and a key read event variables only), so that a caller that does
  // not read the aggregates (a rebuild) need not copy `values`.
  bool UpdateGroup(size_t group, std::string_view event_id, int64_t event_micros,
                   std::span<const std::string_view> entity_ids, std::span<const Value> values,
                   std::span<const rules::ListValues* const> lists, std::span<Value> out,
                   std::vector<AggregateUpdate>& updates) const;

  // A label given to an event (as UpdateEventLabel does): in each group of the label functions
  // the event counts as fraud from now on when `label` is one of the group's fraud labels, and
  // as not fraud otherwise. `entity_ids` and `values` are the event's, as for Update (they find
  // its keys). An event the windows no longer hold is left alone.
  void Label(std::string_view event_id, int64_t event_micros,
             std::span<const std::string_view> entity_ids, std::span<const Value> values,
             std::string_view label) const;

  // Takes an event out of every group's windows (a stored event deleted).
  void Erase(std::string_view event_id, int64_t event_micros,
             std::span<const std::string_view> entity_ids, std::span<const Value> values) const;

  // Takes back what Update added (a decision that was not stored after all).
  void Undo(std::span<const AggregateUpdate> updates) const;

  // The hash Update gives an event id (what KeyedWindows knows it by).
  static uint64_t EventHash(std::string_view event_id);

 private:
  // The event's key in `group`, or nullopt when it has none (an unknown entity, a null value).
  static std::optional<std::string> KeyOf(const AggregateGroup& group,
                                          std::span<const std::string_view> entity_ids,
                                          std::span<const Value> values);

  std::vector<AggregateGroup> groups_;
};

}  // namespace vigil::engine
