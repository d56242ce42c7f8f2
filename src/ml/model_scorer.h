// ModelScorer: the serving form of a model version — how an event's input variables become the
// model's feature row, the tree ensemble that scores the row, its per-event explanation, and the
// calibration that turns the model's output into AFD's 0..1000 insight score.
//
//   inputs       one VariableEncoder per input variable, in order; the feature row is the
//                concatenation of their outputs (input 0's width() features first, ...)
//   ensemble     imported from XGBoost's JSON model (ImportXgboostJson); its num_features must
//                equal the sum of the encoders' widths (feature names in the file are not read)
//   explanation  PathAttribution (Saabas, XGBoost's approx_contribs) of the margin, summed back
//                per input variable; absent when the file has no covers (sum_hessian)
//   calibration  ScoreCalibration over the RAW OUTPUT defined below
//
// THE RAW OUTPUT a calibration is fitted on: the positive-class probability exactly as
// TreeEnsemble::PredictProbability computes it on the encoded row — 1 / (1 + exp(-margin)) in
// float, where the margin is the float sum of the base margin and the trees' leaves — widened to
// double. Not the margin. A trainer fits ScoreCalibration::Fit on these values for the hold-out's
// legitimate events (encoded with VariableEncoder::Encode, as served) and passes the result to
// Create; ModelScorer::RawOutput computes the same value for a given row.
//
// The stored form (ToJson/FromJson), kept in the catalog's model version:
//   {"inputs": [<VariableEncoder::ToJson>...], "xgboost_model": <XGBoost's JSON model, as an
//    object>, "calibration": {"knots": [{"raw": r, "fpr": f}, ...]}}
//
// Scoring is allocation-free for number, boolean and datetime inputs when the caller keeps a
// Scratch (MakeScratch) per thread; STRING encodings (category, IP and e-mail addresses) build
// their lookup keys on the heap.
//
// Immutable once created; every const member is thread-safe (a Scratch is not: one per thread).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/value.h"
#include "ml/path_attribution.h"
#include "ml/score_calibration.h"
#include "ml/tree_ensemble.h"
#include "ml/variable_encoder.h"

namespace vigil::ml {

// How much one input variable moved an event's margin (log-odds; positive: towards fraud).
struct InputContribution {
  uint32_t input = 0;  // index into ModelScorer::inputs()
  double contribution = 0;
};

class ModelScorer {
 public:
  // Per-thread working memory of Score and Explain; sized by MakeScratch, reused across calls.
  struct Scratch {
    std::vector<float> row;             // the encoded features
    std::vector<double> contributions;  // per feature, then the bias
    std::vector<double> per_input;      // contributions summed per input variable
  };

  // InvalidArgument when there are no inputs, an input variable is listed twice, the JSON is not
  // a model ImportXgboostJson accepts (the error names the JSON path, under "xgboost_model."),
  // or the ensemble's feature count differs from the encoders' total width.
  static Result<ModelScorer> Create(std::vector<VariableEncoder> inputs, std::string xgboost_json,
                                    ScoreCalibration calibration);

  // The stored form (see above). FromJson's errors name the member ("inputs[2]",
  // "xgboost_model.learner.objective.name", "calibration.knots").
  boost::json::object ToJson() const;
  static Result<ModelScorer> FromJson(const boost::json::value& json);

  Scratch MakeScratch() const;
  // Sizes `scratch` for this model; allocates only when it is smaller than it has been.
  void PrepareScratch(Scratch& scratch) const;

  // Writes input `input`'s features for `value` into scratch.row. Precondition: input <
  // inputs().size(), scratch from MakeScratch.
  void EncodeInput(size_t input, const Value& value, int64_t event_micros, Scratch& scratch) const;
  // The raw output (see above) and the insight score 0..1000 of the row in scratch.row.
  double RawOutput(const Scratch& scratch) const;
  double ScoreEncoded(const Scratch& scratch) const { return calibration_.Score(RawOutput(scratch)); }
  // EncodeInput for every input, then ScoreEncoded. `values` holds one value per input, in input
  // order; another size is InvalidArgument.
  Result<double> Score(std::span<const Value> values, int64_t event_micros, Scratch& scratch) const;

  // The row in scratch.row explained: fills scratch.per_input and writes into `top` the inputs
  // with the largest |contribution|, largest first (ties: lower input first), as many as fit
  // and no more than there are inputs. Returns how many it wrote; 0 without an explanation.
  size_t Explain(Scratch& scratch, std::span<InputContribution> top) const;

  const std::vector<VariableEncoder>& inputs() const { return inputs_; }
  const TreeEnsemble& ensemble() const { return ensemble_; }
  const ScoreCalibration& calibration() const { return calibration_; }
  bool explains() const { return attribution_.has_value(); }

 private:
  ModelScorer(std::vector<VariableEncoder> inputs, std::string xgboost_json,
              TreeEnsemble ensemble, std::optional<PathAttribution> attribution,
              ScoreCalibration calibration);

  std::vector<VariableEncoder> inputs_;
  std::vector<uint32_t> offsets_;  // first feature of each input
  std::string xgboost_json_;
  TreeEnsemble ensemble_;
  std::optional<PathAttribution> attribution_;
  ScoreCalibration calibration_;
};

}  // namespace vigil::ml
