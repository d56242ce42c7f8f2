#include "cli/model_import.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "catalog/codec.h"
#include "catalog/model_edits.h"
#include "cli/model_versions.h"
#include "cli/store_persistence.h"
#include "core/clock.h"
#include "core/json.h"
#include "engine/bind_event.h"
#include "engine/catalog_service.h"
#include "ml/model_scorer.h"
#include "store/sqlite/sqlite_store.h"

namespace vigil::cli {

namespace bj = boost::json;

namespace {

// AFD's minimum of labelled events per class.
constexpr size_t kMinLegitEvents = 400;

int Refuse(const std::string& what, const Error& e, int status) {
  std::cerr << "error: " << what << ": " << e.message;
  if (!e.field.empty() && e.message.find(e.field) == std::string::npos) {
    std::cerr << " (at " << e.field << ")";
  }
  std::cerr << "\nnothing was changed\n";
  return status;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::vector<ml::VariableEncoder>> Encoders(const ModelImportFlags& flags,
                                                  const catalog::Catalog& c) {
  std::vector<ml::VariableEncoder> out;
  if (!flags.mapping.empty()) {
    VIGIL_TRY(text, ReadFile(flags.mapping));
    VIGIL_TRY(json, json::Parse(text));
    const auto* inputs = json.is_object() ? json.get_object().if_contains("inputs") : nullptr;
    if (inputs == nullptr || !inputs->is_array()) {
      return Fail(ErrorCode::kInvalidArgument,
                  flags.mapping + ": a mapping file is {\"inputs\": [{\"variable\", \"encoding\", "
                                  "\"target_encodings\"}, ...]}",
                  "inputs");
    }
    for (size_t i = 0; i < inputs->get_array().size(); ++i) {
      auto encoder = ml::VariableEncoder::FromJson(inputs->get_array()[i]);
      const std::string where = "inputs[" + std::to_string(i) + "]";
      if (!encoder) {
        return Fail(ErrorCode::kInvalidArgument,
                    flags.mapping + ": " + where + ": " + encoder.error().message, where);
      }
      if (i >= flags.inputs.size() || encoder->variable() != flags.inputs[i]) {
        return Fail(ErrorCode::kInvalidArgument,
                    flags.mapping + ": " + where + " encodes '" + encoder->variable() +
                        "', but --inputs lists " +
                        (i < flags.inputs.size() ? "'" + flags.inputs[i] + "'" : "fewer inputs") +
                        " there: the mapping holds the inputs in --inputs order",
                    where);
      }
      out.push_back(std::move(*encoder));
    }
    if (out.size() != flags.inputs.size()) {
      return Fail(ErrorCode::kInvalidArgument,
                  flags.mapping + " holds " + std::to_string(out.size()) +
                      " encoders for " + std::to_string(flags.inputs.size()) + " --inputs",
                  "inputs");
    }
    return out;
  }
  for (size_t i = 0; i < flags.inputs.size(); ++i) {
    const std::string& name = flags.inputs[i];
    auto v = c.variables.find(name);
    if (v == c.variables.end()) {
      return Fail(ErrorCode::kNotFound, "--inputs: variable '" + name + "' does not exist",
                  "inputs[" + std::to_string(i) + "]");
    }
    const auto kind = ml::ChooseEncoding(v->second.data_type, v->second.variable_type);
    if (kind != ml::EncodingKind::kNumber && kind != ml::EncodingKind::kBoolean &&
        kind != ml::EncodingKind::kAge) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--inputs: '" + name + "' is a STRING variable; its " +
                      ml::EncodingKindName(kind) +
                      " encoding needs the fraud rates the model was trained with: give them "
                      "with --mapping FILE",
                  "inputs[" + std::to_string(i) + "]");
    }
    out.push_back(ml::VariableEncoder::Fit(name, kind, {}, {}));
  }
  return out;
}

Result<ml::ScoreCalibration> CalibrationFromFile(const std::string& path) {
  VIGIL_TRY(text, ReadFile(path));
  VIGIL_TRY(json, json::Parse(text));
  const auto* o = json.if_object();
  if (o != nullptr && o->contains("legit_raw") && o->at("legit_raw").is_array()) {
    std::vector<double> raw;
    for (const auto& v : o->at("legit_raw").get_array()) {
      if (!v.is_number()) {
        return Fail(ErrorCode::kInvalidArgument, path + ": legit_raw holds numbers", "legit_raw");
      }
      raw.push_back(v.to_number<double>());
    }
    return ml::ScoreCalibration::Fit(raw);
  }
  // The knots form is the scorer's own: read it through a stored scorer's reader.
  const auto* knots = o != nullptr ? o->if_contains("knots") : nullptr;
  if (knots == nullptr || !knots->is_array()) {
    return Fail(ErrorCode::kInvalidArgument,
                path + ": a calibration file is {\"knots\": [{\"raw\", \"fpr\"}, ...]} or "
                       "{\"legit_raw\": [probabilities of legitimate events]}",
                "calibration");
  }
  std::vector<ml::CalibrationKnot> out;
  for (const auto& k : knots->get_array()) {
    if (!k.is_object() || !k.get_object().contains("raw") || !k.get_object().contains("fpr") ||
        !k.at("raw").is_number() || !k.at("fpr").is_number()) {
      return Fail(ErrorCode::kInvalidArgument, path + ": a knot is {\"raw\": r, \"fpr\": f}",
                  "knots");
    }
    out.push_back({k.at("raw").to_number<double>(), k.at("fpr").to_number<double>()});
  }
  return ml::ScoreCalibration::FromKnots(std::move(out));
}

// The model's probabilities on the stored legitimate events of the event type, fitted.
Result<ml::ScoreCalibration> CalibrationFromEvents(const ModelImportFlags& flags,
                                                   store::Store& store,
                                                   const engine::Snapshot& snapshot,
                                                   const ml::ModelScorer& scorer) {
  const engine::CompiledEventType* e = snapshot.FindEventType(flags.event_type);
  std::vector<int> slots;
  for (const auto& input : scorer.inputs()) {
    const int slot = e->slot_of.at(input.variable());
    if (e->ReadsHistory(slot)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + input.variable() +
                      "' reads aggregates: calibrating on stored events would need a replay of "
                      "the history; give --calibration FILE",
                  "calibration");
    }
    slots.push_back(slot);
  }
  auto scratch = scorer.MakeScratch();
  std::vector<double> raw;
  VIGIL_CHECK(store.ScanEvents(flags.event_type, [&](const store::StoredEvent& event) -> Status {
    if (!event.label || std::ranges::find(flags.legit_labels, *event.label) ==
                            flags.legit_labels.end()) {
      return {};
    }
    VIGIL_TRY(json, json::Parse(event.variables_json));
    std::vector<std::pair<std::string, Value>> fields;
    if (json.is_object()) {
      for (const auto& [key, value] : json.get_object()) {
        VIGIL_TRY(v, json::ToValue(value, key));
        fields.emplace_back(std::string(key), std::move(v));
      }
    }
    auto bound = engine::BindEvent(fields, *e, event.event_micros);
    if (!bound) return {};  // an event the type no longer accepts
    for (size_t i = 0; i < slots.size(); ++i) {
      scorer.EncodeInput(i, bound->values[static_cast<size_t>(slots[i])], event.event_micros,
                         scratch);
    }
    raw.push_back(scorer.RawOutput(scratch));
    return {};
  }));
  if (raw.size() < kMinLegitEvents) {
    return Fail(ErrorCode::kInvalidArgument,
                "only " + std::to_string(raw.size()) + " stored '" + flags.event_type +
                    "' events are labelled legitimate (" +
                    [&] {
                      std::string s;
                      for (const auto& l : flags.legit_labels) s += (s.empty() ? "" : ", ") + l;
                      return s;
                    }() +
                    "); calibrating needs at least 400: import labelled history or give "
                    "--calibration FILE",
                "calibration");
  }
  return ml::ScoreCalibration::Fit(raw);
}

}  // namespace

CLI::App* AddModelCommand(CLI::App& app, ModelImportFlags& flags) {
  CLI::App* model = app.add_subcommand("model", "Manage models in a data directory (server stopped)");
  model->require_subcommand(1);
  CLI::App* sub = model->add_subcommand("import", "Import an XGBoost JSON model as a model version");
  sub->add_option("file", flags.file, "XGBoost JSON model (booster.save_model(\"m.json\"))")
      ->required();
  sub->add_option("--model-id", flags.model_id, "Model id (created when new)")->required();
  sub->add_option("--event-type", flags.event_type, "Event type the model scores")->required();
  sub->add_option("--inputs", flags.inputs, "Input variables, in the model's feature order")
      ->delimiter(',')
      ->required();
  sub->add_option("--version", flags.version, "Version, e.g. 2.0 (default: the next one)");
  sub->add_option("--model-type", flags.model_type, "AFD model type of a new model")
      ->capture_default_str();
  sub->add_option("--mapping", flags.mapping, "Encoders file {\"inputs\": [...]}");
  sub->add_option("--calibration", flags.calibration,
                  "Calibration file {\"knots\": [...]} or {\"legit_raw\": [...]} (default: the "
                  "stored legitimate events)");
  sub->add_option("--legit-labels", flags.legit_labels, "Labels of legitimate stored events")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--description", flags.description, "Description of the version");
  sub->add_option("--data-dir", flags.data_dir, "Data directory [env VIGIL_DATA_DIR]")
      ->capture_default_str();
  return sub;
}

int RunModelImport(const ModelImportFlags& flags) {
  auto xgboost_json = ReadFile(flags.file);
  if (!xgboost_json) return Refuse("cannot import", xgboost_json.error(), 2);
  store::StoreOptions options;
  options.directory = flags.data_dir;
  auto store = store::OpenSqliteStore(options);
  if (!store) return Refuse("cannot open " + flags.data_dir, store.error(), 1);
  auto catalog = LoadCatalog(**store);
  if (!catalog) return Refuse("cannot load the catalog", catalog.error(), 1);
  auto built = engine::Snapshot::Build(std::make_shared<catalog::Catalog>(std::move(*catalog)));
  if (!built) return Refuse("the stored catalog does not compile", built.error(), 1);
  engine::Registry registry(std::move(*built));
  const engine::SnapshotPtr snapshot = registry.Current();
  if (snapshot->FindEventType(flags.event_type) == nullptr) {
    return Refuse("cannot import",
                  Error{ErrorCode::kNotFound,
                        "event type '" + flags.event_type + "' does not exist in " + flags.data_dir,
                        "event_type"},
                  2);
  }
  auto model_type = catalog::ParseModelType(flags.model_type);
  if (!model_type) {
    return Refuse("cannot import", Error{ErrorCode::kInvalidArgument,
                                         "--model-type must be ONLINE_FRAUD_INSIGHTS, "
                                         "TRANSACTION_FRAUD_INSIGHTS or ACCOUNT_TAKEOVER_INSIGHTS",
                                         "model_type"},
                  2);
  }
  auto encoders = Encoders(flags, snapshot->catalog());
  if (!encoders) return Refuse("cannot import " + flags.file, encoders.error(), 2);
  // A provisional calibration, to build the scorer that computes the raw outputs to fit on.
  auto provisional = ml::ScoreCalibration::FromKnots({{0.5, 0.5}});
  auto scorer = ml::ModelScorer::Create(*encoders, *xgboost_json, *provisional);
  if (!scorer) return Refuse("cannot import " + flags.file, scorer.error(), 2);
  auto calibration = flags.calibration.empty()
                         ? CalibrationFromEvents(flags, **store, *snapshot, *scorer)
                         : CalibrationFromFile(flags.calibration);
  if (!calibration) return Refuse("cannot calibrate " + flags.file, calibration.error(), 2);
  auto calibrated = ml::ModelScorer::Create(std::move(*encoders), std::move(*xgboost_json),
                                            std::move(*calibration));
  if (!calibrated) return Refuse("cannot import " + flags.file, calibrated.error(), 2);

  catalog::ModelVersion version;
  version.model_id = flags.model_id;
  version.version = flags.version;
  version.status = catalog::ModelVersionStatus::kTrainingComplete;
  for (const auto& input : calibrated->inputs()) version.inputs.push_back(input.variable());
  version.description = flags.description;
  version.scorer = {std::make_shared<const std::string>(json::Serialize(calibrated->ToJson()))};
  const bj::object metrics{
      {"imported_from", flags.file},
      {"calibration", flags.calibration.empty() ? "stored legitimate events" : flags.calibration}};
  version.training_metrics = {std::make_shared<const std::string>(json::Serialize(metrics))};

  StorePersistence persistence(**store);
  engine::CatalogService service(registry, persistence, SystemClock::Instance());
  auto s = AddModelVersion(service,
                           catalog::Model{.model_id = flags.model_id,
                                          .event_type = flags.event_type,
                                          .model_type = *model_type},
                           std::move(version));
  if (!s) return Refuse("cannot import " + flags.file, s.error(), 2);
  const std::string& number = *s;
  (void)(*store)->Close();
  std::cerr << "imported model '" << flags.model_id << "' version " << number << " ("
            << calibrated->inputs().size() << " inputs, " << calibrated->ensemble().num_trees()
            << " trees)\n";
  std::cout << number << "\n";
  return 0;
}

}  // namespace vigil::cli
