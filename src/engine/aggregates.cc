#include "engine/aggregates.h"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <functional>
#include <map>

#include "catalog/codec.h"

namespace vigil::engine {

namespace {

using catalog::AggregateFunction;

Error Bad(const catalog::Variable& v, const std::string& member, const std::string& message) {
  return Error{ErrorCode::kInvalidArgument,
               "aggregate variable '" + v.name + "': " + message, "aggregate." + member};
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

bool IsEventVariable(const catalog::EventType& e, const std::string& name) {
  return std::ranges::find(e.variables, name) != e.variables.end();
}

// A key or distinct value as text: strings as they are, everything else as a rule reads it.
std::string KeyText(const Value& value) {
  return value.is_string() ? value.string() : value.ToLiteral();
}

// One aggregate, resolved against its event type.
struct Member {
  const catalog::Variable* variable;
  AggregateFunction function;
  int out_slot;
  int of_slot = -1;
  std::shared_ptr<const rules::Program> filter = {};
};

}  // namespace

uint64_t EventAggregates::EventHash(std::string_view event_id) {
  return std::hash<std::string_view>{}(event_id);
}

Result<EventAggregates> EventAggregates::Compile(
    const catalog::Catalog& catalog, const catalog::EventType& e,
    const std::unordered_map<std::string, int>& slot_of,
    const rules::Environment& event_environment, const EventAggregates* previous) {
  // Group key -> members, in variable name order (the catalog's).
  std::map<std::string, std::vector<Member>> members;
  std::map<std::string, AggregateGroup> shapes;
  for (const auto& [name, v] : catalog.variables) {
    if (!v.aggregate || v.aggregate->event_type != e.name) continue;
    const catalog::AggregateDefinition& a = *v.aggregate;
    const auto function = catalog::ParseAggregateFunction(a.function);
    if (!function) return std::unexpected(Bad(v, "function", "unknown function " + a.function));
    if (!e.event_ingestion) {
      return std::unexpected(Bad(
          v, "event_type",
          "it aggregates events of '" + e.name +
              "', whose event_ingestion is DISABLED; aggregates are rebuilt from stored events, "
              "so set event_ingestion: ENABLED"));
    }
    AggregateGroup shape;
    shape.key = a.key;
    if (auto it = std::ranges::find(e.entity_types, a.key); it != e.entity_types.end()) {
      shape.entity_index = static_cast<int>(it - e.entity_types.begin());
    } else if (IsEventVariable(e, a.key)) {
      shape.key_slot = slot_of.at(a.key);
    } else {
      return std::unexpected(
          Bad(v, "key",
              "key '" + a.key + "' is neither an entity type nor a variable of event type '" +
                  e.name + "' (entity types: " + Join(e.entity_types) +
                  "; variables: " + Join(e.variables) + ")"));
    }
    Member member{&v, *function, slot_of.at(v.name)};
    if (catalog::NeedsValue(*function)) {
      if (!IsEventVariable(e, a.of)) {
        return std::unexpected(Bad(v, "of",
                                   "of '" + a.of + "' is not a variable of event type '" +
                                       e.name + "' (it has " + Join(e.variables) + ")"));
      }
      const DataType type = catalog.variables.at(a.of).data_type;
      if (*function != AggregateFunction::kDistinctCount && type != DataType::kInteger &&
          type != DataType::kFloat) {
        return std::unexpected(Bad(v, "of",
                                   a.function + " needs a number, and '" + a.of + "' is " +
                                       DataTypeName(type)));
      }
      member.of_slot = slot_of.at(a.of);
    }
    std::string group_key = a.key;
    if (catalog::ReadsLabels(*function)) {
      shape.fraud_labels = a.fraud_labels.empty() ? std::vector<std::string>{"fraud"}
                                                  : a.fraud_labels;
      for (const auto& label : shape.fraud_labels) {
        if (std::ranges::find(e.labels, label) == e.labels.end()) {
          return std::unexpected(
              Bad(v, "fraud_labels",
                  "'" + label + "' is not a label of event type '" + e.name + "' (it has " +
                      Join(e.labels) + ")" +
                      (a.fraud_labels.empty() ? "; name the fraud labels in aggregate.fraud_labels"
                                              : "")));
        }
      }
      group_key += "\x1f" + Join(shape.fraud_labels);
    }
    if (!a.filter.empty()) {
      auto filter = rules::Compile(a.filter, event_environment);
      if (!filter) {
        return std::unexpected(
            Bad(v, "filter", "filter: " + filter.error().message));
      }
      member.filter = std::move(*filter);
    }
    shapes.try_emplace(group_key, std::move(shape));
    members[group_key].push_back(std::move(member));
  }

  EventAggregates compiled;
  for (auto& [group_key, list] : members) {
    if (list.size() > features::KeyedWindows::kMaxAggregates) {
      return std::unexpected(Bad(*list.back().variable, "key",
                                 "at most " + std::to_string(features::KeyedWindows::kMaxAggregates) +
                                     " aggregates may share the key '" + list.back().variable->aggregate->key + "'"));
    }
    AggregateGroup group = std::move(shapes.at(group_key));
    std::vector<features::WindowSpec> specs;
    group.signature = e.name + "\x1e" + group_key;
    for (const Member& m : list) {
      features::WindowSpec spec{m.function, catalog::WindowMicros(*m.variable->aggregate),
                                catalog::DelayMicros(*m.variable->aggregate)};
      if (m.of_slot >= 0) {
        auto it = std::ranges::find(group.source_slots, m.of_slot);
        spec.source = static_cast<size_t>(it - group.source_slots.begin());
        if (it == group.source_slots.end()) group.source_slots.push_back(m.of_slot);
        if (m.function == AggregateFunction::kDistinctCount) {
          group.hashed_sources |= uint64_t{1} << spec.source;
        }
      }
      specs.push_back(spec);
      group.out_slots.push_back(m.out_slot);
      group.filters.push_back(m.filter);
      // What the state depends on: the definition (the name does not matter, the order does)
      // and the types of what it reads.
      group.signature += "\x1e" + boost::json::serialize(catalog::ToJson(*m.variable->aggregate));
      if (m.of_slot >= 0) {
        group.signature += DataTypeName(catalog.variables.at(m.variable->aggregate->of).data_type);
      }
    }
    if (group.key_slot >= 0) {
      group.signature += DataTypeName(catalog.variables.at(group.key).data_type);
    }
    const AggregateGroup* reusable = nullptr;
    if (previous != nullptr) {
      for (const AggregateGroup& old : previous->groups_) {
        if (old.signature == group.signature) reusable = &old;
      }
    }
    if (reusable != nullptr) {
      group.windows = reusable->windows;
    } else {
      VIGIL_TRY(windows, features::ShardedWindows::Create(std::move(specs), group.source_slots.size()));
      group.windows = std::move(windows);
    }
    compiled.groups_.push_back(std::move(group));
  }
  return compiled;
}

void EventAggregates::Update(std::string_view event_id, int64_t event_micros,
                             std::span<const std::string_view> entity_ids,
                             std::span<Value> values,
                             std::span<const rules::ListValues* const> lists,
                             std::vector<AggregateUpdate>& updates) const {
  std::array<Value, features::KeyedWindows::kMaxAggregates> out;
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (!UpdateGroup(g, event_id, event_micros, entity_ids, values, lists, out,
                     updates)) {
      continue;
    }
    const AggregateGroup& group = groups_[g];
    for (size_t i = 0; i < group.out_slots.size(); ++i) {
      values[static_cast<size_t>(group.out_slots[i])] = std::move(out[i]);
    }
  }
}

bool EventAggregates::UpdateGroup(size_t g, std::string_view event_id, int64_t event_micros,
                                  std::span<const std::string_view> entity_ids,
                                  std::span<const Value> values,
                                  std::span<const rules::ListValues* const> lists,
                                  std::span<Value> out,
                                  std::vector<AggregateUpdate>& updates) const {
  const AggregateGroup& group = groups_[g];
  std::optional<std::string> key = KeyOf(group, entity_ids, values);
  if (!key) return false;
  const uint64_t event_hash = EventHash(event_id);
  // A filter is a function of the event: "now" is its time too, so replays count alike.
  const rules::EvalContext context{values, lists, event_micros, event_micros};
  const auto& specs = group.windows->specs();
  // A group has at most kMaxAggregates aggregates, and so as many sources: no allocation.
  std::array<features::SourceValue, features::KeyedWindows::kMaxAggregates> sources{};
  uint64_t present = 0;  // sources whose value is not null
  for (size_t s = 0; s < group.source_slots.size(); ++s) {
    const Value& value = values[static_cast<size_t>(group.source_slots[s])];
    if (value.is_null()) continue;
    present |= uint64_t{1} << s;
    sources[s].number = value.is_number() ? value.number() : 0;
    if (group.hashed_sources >> s & 1) sources[s].hash = std::hash<std::string>{}(KeyText(value));
  }
  uint64_t counted = 0;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (catalog::NeedsValue(specs[i].function) && !(present >> specs[i].source & 1)) continue;
    if (group.filters[i] && !group.filters[i]->Evaluate(context)) continue;
    counted |= uint64_t{1} << i;
  }
  const auto added = group.windows->Add(*key, event_micros, event_hash, counted,
                                        std::span(sources).first(group.source_slots.size()),
                                        out.first(specs.size()));
  if (added == features::KeyedWindows::Added::kInOrder ||
      added == features::KeyedWindows::Added::kLate) {
    updates.push_back({g, std::move(*key), event_micros, event_hash});
  }
  return true;
}

std::optional<std::string> EventAggregates::KeyOf(const AggregateGroup& group,
                                                 std::span<const std::string_view> entity_ids,
                                                 std::span<const Value> values) {
  if (group.entity_index >= 0) {
    const std::string_view id = entity_ids[static_cast<size_t>(group.entity_index)];
    if (id == "unknown") return std::nullopt;  // AFD's id of an absent entity: no history
    return std::string(id);
  }
  const Value& value = values[static_cast<size_t>(group.key_slot)];
  if (value.is_null()) return std::nullopt;
  return KeyText(value);
}

void EventAggregates::Label(std::string_view event_id, int64_t event_micros,
                            std::span<const std::string_view> entity_ids,
                            std::span<const Value> values, std::string_view label) const {
  const uint64_t event_hash = EventHash(event_id);
  for (const AggregateGroup& group : groups_) {
    if (group.fraud_labels.empty()) continue;
    std::optional<std::string> key = KeyOf(group, entity_ids, values);
    if (!key) continue;
    const bool fraud = std::ranges::find(group.fraud_labels, label) != group.fraud_labels.end();
    group.windows->Label(*key, event_micros, event_hash, fraud);
  }
}

bool EventAggregates::NeedsRebuild() const {
  return std::ranges::any_of(groups_, [](const AggregateGroup& g) { return !g.windows->complete(); });
}

void EventAggregates::MarkRebuilt() const {
  for (const AggregateGroup& group : groups_) group.windows->MarkComplete();
}

void EventAggregates::Erase(std::string_view event_id, int64_t event_micros,
                            std::span<const std::string_view> entity_ids,
                            std::span<const Value> values) const {
  const uint64_t event_hash = EventHash(event_id);
  for (const AggregateGroup& group : groups_) {
    if (auto key = KeyOf(group, entity_ids, values)) {
      group.windows->Erase(*key, event_micros, event_hash);
    }
  }
}

void EventAggregates::Undo(std::span<const AggregateUpdate> updates) const {
  for (const AggregateUpdate& u : updates) {
    groups_[u.group].windows->Erase(u.key, u.time_micros, u.event_hash);
  }
}

}  // namespace vigil::engine
