// Training a model version of an event type from its stored events, as `vigil train` and the
// admin API's training job do, the way AFD trains one: the labelled events replayed point in
// time (training/training_replay.h), the latest 15% of them (by time) held out for validation with an
// optional gap before them for labels still on their way, a model fitted on the rest
// (ml/training_fit.h), its scores calibrated to the hold-out's false-positive rate on AFD's scale
// (ml/score_calibration.h), and its quality measured on the hold-out as AFD reports it: the AUC
// with its 95% range, ROC and precision points, variable importance and the data checks'
// messages (`trainingResult`), plus an HTML report with the curves and score distributions.
//
// Blocks its caller for the whole training (seconds to minutes); progress goes to `progress`.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "training/training_replay.h"
#include "core/result.h"
#include "ml/score_calibration.h"
#include "ml/training_fit.h"

namespace vigil::training {

struct ModelTrainingOptions {
  TrainingReplayOptions replay;   // event type, inputs, label schema
  double holdout_share = 0.15;    // the latest events validated on. Default: AFD's 15%.
  int64_t gap_micros = 0;         // left out before the hold-out. Default: none.
  ml::FitOptions fit = {};
  std::string title;              // the report's, e.g. "card_model 1.0"
  // Stages "replay" (events read of total), "train" (rounds done of total), "validate".
  std::function<void(std::string_view stage, int64_t done, int64_t total)> progress;
};

struct TrainedModelVersion {
  ml::FittedModel fitted;
  ml::ScoreCalibration calibration;
  // AFD's trainingResult: {"dataValidationMetrics": {fileLevelMessages, fieldLevelMessages},
  //  "trainingMetrics": {"auc", "uncertaintyRange", "averagePrecision", "metricDataPoints"},
  //  "variableImportanceMetrics": {"logOddsMetrics": [...]}, "sizes": {...}}. The same data and
  // options give the same training result, byte for byte (no times in it).
  boost::json::object training_result;
  std::string report_html;
  double seconds = 0;  // how long the training took, replay included
};

// Errors: those of ReplayTrainingSet and FitModel; kInvalidArgument when the hold-out lacks an
// event of either class.
Result<TrainedModelVersion> TrainModelVersion(store::Store& store, catalog::CatalogPtr catalog,
                                              const ModelTrainingOptions& options);

}  // namespace vigil::training
