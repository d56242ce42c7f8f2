#include "ml/model_scorer.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/json.h"
#include "ml/xgboost_json.h"

namespace vigil::ml {

namespace bj = boost::json;

namespace {

std::unexpected<Error> Invalid(std::string field, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, field + ": " + message, field);
}

// An error of the XGBoost import, moved under "xgboost_model.".
Error UnderModel(Error e) {
  e.field = e.field.empty() ? "xgboost_model" : "xgboost_model." + e.field;
  e.message = "xgboost_model: " + e.message;
  return e;
}

Result<ScoreCalibration> CalibrationFromJson(const bj::value& json) {
  const auto* o = json.if_object();
  const auto* knots = o != nullptr ? o->if_contains("knots") : nullptr;
  if (knots == nullptr || !knots->is_array() || o->size() != 1) {
    return Invalid("calibration", "is {\"knots\": [{\"raw\": r, \"fpr\": f}, ...]}");
  }
  std::vector<CalibrationKnot> out;
  for (size_t i = 0; i < knots->get_array().size(); ++i) {
    const std::string where = "calibration.knots[" + std::to_string(i) + "]";
    const auto* k = knots->get_array()[i].if_object();
    const auto* raw = k != nullptr ? k->if_contains("raw") : nullptr;
    const auto* fpr = k != nullptr ? k->if_contains("fpr") : nullptr;
    if (raw == nullptr || fpr == nullptr || !raw->is_number() || !fpr->is_number() ||
        k->size() != 2) {
      return Invalid(where, "a knot is {\"raw\": number, \"fpr\": number}");
    }
    out.push_back({raw->to_number<double>(), fpr->to_number<double>()});
  }
  auto calibration = ScoreCalibration::FromKnots(std::move(out));
  if (!calibration) return Invalid("calibration.knots", calibration.error().message);
  return calibration;
}

}  // namespace

ModelScorer::ModelScorer(std::vector<VariableEncoder> inputs, std::string xgboost_json,
                         TreeEnsemble ensemble, std::optional<PathAttribution> attribution,
                         ScoreCalibration calibration)
    : inputs_(std::move(inputs)),
      xgboost_json_(std::move(xgboost_json)),
      ensemble_(std::move(ensemble)),
      attribution_(std::move(attribution)),
      calibration_(std::move(calibration)) {
  uint32_t offset = 0;
  for (const VariableEncoder& input : inputs_) {
    offsets_.push_back(offset);
    offset += static_cast<uint32_t>(input.width());
  }
}

Result<ModelScorer> ModelScorer::Create(std::vector<VariableEncoder> inputs,
                                        std::string xgboost_json, ScoreCalibration calibration) {
  if (inputs.empty()) return Invalid("inputs", "a model needs at least one input variable");
  std::set<std::string> seen;
  size_t width = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!seen.insert(inputs[i].variable()).second) {
      return Invalid("inputs[" + std::to_string(i) + "]",
                     "variable '" + inputs[i].variable() + "' is an input twice");
    }
    width += inputs[i].width();
  }
  auto spec = ParseXgboostJson(xgboost_json);
  if (!spec) return std::unexpected(UnderModel(spec.error()));
  auto ensemble = TreeEnsemble::Create(*spec);
  if (!ensemble) return std::unexpected(UnderModel(ensemble.error()));
  if (ensemble->num_features() != width) {
    return Invalid("xgboost_model.learner.learner_model_param.num_feature",
                   "the model reads " + std::to_string(ensemble->num_features()) +
                       " features, but its inputs encode to " + std::to_string(width) +
                       " (the inputs, in feature order, must match the model's features)");
  }
  // Without covers there is no explanation, but the model still scores.
  auto attribution = PathAttribution::Create(*spec);
  std::optional<PathAttribution> explainer;
  if (attribution) explainer = std::move(*attribution);
  return ModelScorer(std::move(inputs), std::move(xgboost_json), std::move(*ensemble),
                     std::move(explainer), std::move(calibration));
}

bj::object ModelScorer::ToJson() const {
  bj::array inputs;
  for (const VariableEncoder& input : inputs_) inputs.push_back(input.ToJson());
  bj::array knots;
  for (const CalibrationKnot& k : calibration_.knots()) {
    knots.push_back(bj::object{{"raw", k.raw}, {"fpr", k.fpr}});
  }
  return {{"inputs", std::move(inputs)},
          {"xgboost_model", *json::Parse(xgboost_json_)},  // parsed once by Create: cannot fail
          {"calibration", bj::object{{"knots", std::move(knots)}}}};
}

Result<ModelScorer> ModelScorer::FromJson(const bj::value& json) {
  const auto* o = json.if_object();
  if (o == nullptr) {
    return Invalid("scorer", "is {\"inputs\": [...], \"xgboost_model\": {...}, "
                             "\"calibration\": {...}}");
  }
  for (const auto& member : *o) {
    const std::string_view key = member.key();
    if (key != "inputs" && key != "xgboost_model" && key != "calibration") {
      return Invalid(std::string(key), "unknown member (inputs, xgboost_model, calibration)");
    }
  }
  const auto* inputs = o->if_contains("inputs");
  if (inputs == nullptr || !inputs->is_array()) return Invalid("inputs", "must be a list");
  std::vector<VariableEncoder> encoders;
  for (size_t i = 0; i < inputs->get_array().size(); ++i) {
    auto encoder = VariableEncoder::FromJson(inputs->get_array()[i]);
    if (!encoder) return Invalid("inputs[" + std::to_string(i) + "]", encoder.error().message);
    encoders.push_back(std::move(*encoder));
  }
  const auto* model = o->if_contains("xgboost_model");
  if (model == nullptr || !model->is_object()) {
    return Invalid("xgboost_model", "must be XGBoost's JSON model (an object)");
  }
  const auto* calibration = o->if_contains("calibration");
  if (calibration == nullptr) return Invalid("calibration", "is required");
  VIGIL_TRY(fitted, CalibrationFromJson(*calibration));
  return Create(std::move(encoders), json::Serialize(*model), std::move(fitted));
}

ModelScorer::Scratch ModelScorer::MakeScratch() const {
  Scratch s;
  PrepareScratch(s);
  return s;
}

void ModelScorer::PrepareScratch(Scratch& scratch) const {
  scratch.row.resize(ensemble_.num_features(), NAN);
  scratch.contributions.resize(ensemble_.num_features() + 1, 0.0);
  scratch.per_input.resize(inputs_.size(), 0.0);
}

void ModelScorer::EncodeInput(size_t input, const Value& value, int64_t event_micros,
                              Scratch& scratch) const {
  inputs_[input].Encode(value, event_micros,
                        std::span<float>(scratch.row).subspan(offsets_[input],
                                                              inputs_[input].width()));
}

double ModelScorer::RawOutput(const Scratch& scratch) const {
  // The row has num_features values (MakeScratch), so prediction cannot fail.
  return static_cast<double>(ensemble_.PredictProbability(scratch.row).value_or(NAN));
}

Result<double> ModelScorer::Score(std::span<const Value> values, int64_t event_micros,
                                  Scratch& scratch) const {
  if (values.size() != inputs_.size()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the model takes " + std::to_string(inputs_.size()) + " input values, given " +
                    std::to_string(values.size()));
  }
  for (size_t i = 0; i < values.size(); ++i) EncodeInput(i, values[i], event_micros, scratch);
  return ScoreEncoded(scratch);
}

size_t ModelScorer::Explain(Scratch& scratch, std::span<InputContribution> top) const {
  if (!attribution_ || !attribution_->Explain(scratch.row, scratch.contributions)) return 0;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    double sum = 0;
    for (size_t f = 0; f < inputs_[i].width(); ++f) sum += scratch.contributions[offsets_[i] + f];
    scratch.per_input[i] = sum;
  }
  // Insertion into a short sorted prefix: top is a handful of entries, inputs a few dozen.
  size_t n = 0;
  for (uint32_t i = 0; i < inputs_.size(); ++i) {
    const InputContribution c{i, scratch.per_input[i]};
    size_t at = n;
    while (at > 0 && std::abs(top[at - 1].contribution) < std::abs(c.contribution)) --at;
    if (at >= top.size()) continue;
    const size_t last = std::min(n, top.size() - 1);
    for (size_t j = last; j > at; --j) top[j] = top[j - 1];
    top[at] = c;
    n = std::min(n + 1, top.size());
  }
  return n;
}

}  // namespace vigil::ml
