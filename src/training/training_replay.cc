#include "training/training_replay.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "engine/snapshot.h"
#include "ml/variable_encoder.h"

namespace vigil::training {

namespace {

struct Input {
  int slot = -1;
  ml::VariableEncoder encoder;  // for the inputs kept as floats: their (unfitted) encoding
};

std::vector<std::string> NumericVariables(const engine::CompiledEventType& event_type) {
  std::vector<std::string> names;
  for (const engine::VariableSlot& slot : event_type.slots) {
    const catalog::Variable& v = *slot.variable;
    if (v.data_source != catalog::DataSource::kModelScore &&
        v.data_type != DataType::kString) {
      names.push_back(v.name);
    }
  }
  return names;
}

Result<std::vector<Input>> ResolveInputs(const engine::CompiledEventType& event_type,
                                         std::vector<std::string> inputs) {
  if (inputs.empty()) inputs = NumericVariables(event_type);
  if (inputs.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "event type '" + event_type.event_type->name +
                    "' has no numeric, boolean or datetime variable to learn from: name the "
                    "model's inputs",
                "inputs");
  }
  std::vector<Input> resolved;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string& name = inputs[i];
    auto it = event_type.slot_of.find(name);
    const catalog::Variable* variable =
        it == event_type.slot_of.end() ? nullptr
                                       : event_type.slots[static_cast<size_t>(it->second)].variable;
    if (variable == nullptr || variable->data_source == catalog::DataSource::kModelScore) {
      return Fail(ErrorCode::kInvalidArgument,
                  "inputs[" + std::to_string(i) + "] '" + name +
                      "' is not an event, derived or aggregate variable of event type '" +
                      event_type.event_type->name + "'",
                  "inputs");
    }
    if (std::find(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(i), name) !=
        inputs.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "inputs[" + std::to_string(i) + "] '" + name + "' appears twice", "inputs");
    }
    const ml::EncodingKind kind = ml::ChooseEncoding(variable->data_type, variable->variable_type);
    resolved.push_back({it->second, ml::VariableEncoder::Fit(name, kind, {}, {})});
  }
  return resolved;
}

}  // namespace

Result<TrainingReplay> ReplayTrainingSet(store::Store& store, catalog::CatalogPtr catalog,
                                         const TrainingReplayOptions& options) {
  const auto declared = catalog->event_types.find(options.event_type);
  if (declared == catalog->event_types.end()) {
    return Fail(ErrorCode::kNotFound, "event type '" + options.event_type + "' does not exist",
                "event_type");
  }
  VIGIL_CHECK(catalog::ValidateLabelSchema(options.labels, declared->second.labels));
  // Built without a previous snapshot: its windows are new and empty, the replay's own.
  VIGIL_TRY(snapshot, engine::Snapshot::Build(std::move(catalog)));
  const engine::CompiledEventType& event_type = *snapshot->FindEventType(options.event_type);
  VIGIL_TRY(inputs, ResolveInputs(event_type, options.inputs));

  TrainingReplay replay;
  ml::TrainingSet& set = replay.set;
  for (const Input& input : inputs) {
    set.columns.push_back({input.encoder.variable(), input.encoder.kind(), {}, {}});
  }
  // AUTO needs the whole history to know what is settled: the unlabelled rows wait here.
  const bool automatic = options.labels.unlabeled == catalog::UnlabeledTreatment::kAuto;
  std::vector<size_t> unsettled_rows;
  std::vector<int64_t> fraud_label_delays;
  std::unordered_map<std::string, int64_t> entity_index;
  float encoded = 0;

  ReplayHooks hooks;
  hooks.progress = options.progress;
  hooks.visit = [&](const ReplayedEvent& r, std::span<const Value> values) {
    const std::optional<std::string_view> label =
        r.label ? std::optional<std::string_view>(*r.label) : std::nullopt;
    catalog::TrainingClass klass = catalog::ClassOf(options.labels, label, /*settled=*/true);
    const bool pending = automatic && !label;
    const bool outside = r.event.event_micros < options.from_micros ||
                         r.event.event_micros >= options.until_micros;
    if (klass == catalog::TrainingClass::kLeftOut || outside) {
      ++replay.left_out;
      return;
    }
    if (pending) unsettled_rows.push_back(set.rows());
    if (klass == catalog::TrainingClass::kFraud && label) {
      fraud_label_delays.push_back(r.label_micros - r.event.event_micros);
    }
    for (size_t c = 0; c < inputs.size(); ++c) {
      const Value& value = values[static_cast<size_t>(inputs[c].slot)];
      ml::TrainingColumn& column = set.columns[c];
      if (ml::KeepsValues(column.kind)) {
        column.values.push_back(value);
      } else {
        inputs[c].encoder.Encode(value, r.event.event_micros, std::span<float>(&encoded, 1));
        column.numbers.push_back(encoded);
      }
    }
    const std::string& entity =
        r.event.bound.entities.empty() ? std::string() : r.event.bound.entities[0].entity_id;
    auto [it, added] = entity_index.try_emplace(entity, static_cast<int64_t>(set.entity_ids.size()));
    if (added) set.entity_ids.push_back(entity);
    set.entity.push_back(it->second);
    set.micros.push_back(r.event.event_micros);
    set.fraud.push_back(klass == catalog::TrainingClass::kFraud ? 1 : 0);
  };
  VIGIL_CHECK(ReplayStoredEvents(store, *snapshot, event_type, hooks, replay.counts));

  if (automatic && !unsettled_rows.empty()) {
    const int64_t settled_before = catalog::SettledBefore(
        std::move(fraud_label_delays), set.micros.empty() ? 0 : set.micros.back());
    std::vector<bool> keep(set.rows(), true);
    for (size_t row : unsettled_rows) keep[row] = set.micros[row] < settled_before;
    replay.left_out += std::count(keep.begin(), keep.end(), false);
    ml::KeepRows(set, keep);
  }
  return replay;
}

}  // namespace vigil::training
