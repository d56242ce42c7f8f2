// Test tool for test_models.py: a model trained by libxgboost (through ml::TrainXgboost, seeded,
// so the same bytes every run) and the model's scores offline.
//
//   model_fixture train MODEL.json CALIBRATION.json
//       MODEL.json: XGBoost's JSON model over one feature, transaction_amount (0..1000; fraud
//       above 800, one in ten flipped), 30 trees of depth 3. CALIBRATION.json: {"legit_raw":
//       [...]}, the model's probabilities on the legitimate training rows.
//   model_fixture score SCORER.json AMOUNT...
//       Prints the insight score of each amount under the stored scorer (a model version's
//       "scorer" member), one a line: our offline scoring.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model_scorer.h"
#include "ml/xgboost_trainer.h"

namespace {

int Train(const char* model_path, const char* calibration_path) {
  using namespace vigil::ml;
  std::vector<float> amounts, labels;
  for (int i = 0; i < 3000; ++i) {
    const float amount = static_cast<float>((i * 7919) % 1000);
    amounts.push_back(amount);
    labels.push_back(amount > 800 && i % 10 != 0 ? 1.0f : 0.0f);
  }
  TrainOptions options;
  options.rounds = 30;
  options.max_depth = 3;
  options.seed = 7;
  auto model = TrainXgboost(
      TrainingData{FeatureMatrix{amounts, amounts.size(), 1}, labels, {}, {"transaction_amount"}},
      options);
  if (!model) {
    std::cerr << model.error().message << "\n";
    return 1;
  }
  boost::json::array legit;
  for (size_t r = 0; r < amounts.size(); ++r) {
    if (labels[r] == 0) {
      legit.push_back(static_cast<double>(
          *model->ensemble.PredictProbability(std::span<const float>(&amounts[r], 1))));
    }
  }
  std::ofstream(model_path) << model->xgboost_json;
  std::ofstream(calibration_path)
      << vigil::json::Serialize(boost::json::object{{"legit_raw", std::move(legit)}});
  return 0;
}

int Score(const char* scorer_path, int argc, char** argv) {
  std::ifstream in(scorer_path);
  std::stringstream text;
  text << in.rdbuf();
  auto json = vigil::json::Parse(text.str());
  if (!json) return 1;
  auto scorer = vigil::ml::ModelScorer::FromJson(*json);
  if (!scorer) {
    std::cerr << scorer.error().message << "\n";
    return 1;
  }
  auto scratch = scorer->MakeScratch();
  for (int i = 0; i < argc; ++i) {
    std::vector<vigil::Value> values{vigil::Value::Float(std::stod(argv[i]))};
    std::cout << *scorer->Score(values, 0, scratch) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "train" && argc == 4) return Train(argv[2], argv[3]);
  if (mode == "score" && argc >= 3) return Score(argv[2], argc - 3, argv + 3);
  std::cerr << "usage: model_fixture train MODEL.json CALIBRATION.json | score SCORER.json AMOUNT...\n";
  return 2;
}
