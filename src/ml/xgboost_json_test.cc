// Import of XGBoost JSON models: what XGBoost means by base_score and the objectives (checked
// against libxgboost's own predictions), and refusals that name the JSON path.
#include "ml/xgboost_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <functional>

#include "ml/test_data.h"
#include "ml/xgboost_booster.h"
#include "ml/xgboost_trainer.h"

namespace vigil::ml {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A small model trained by XGBoost, as its JSON document.
boost::json::value SmallModel() {
  const auto data = testing::MakeSyntheticData(2000, 6, 21);
  TrainOptions options;
  options.rounds = 12;
  options.max_depth = 4;
  auto model = TrainXgboost(TrainingData{data.matrix(), data.labels, {}, {}}, options);
  EXPECT_TRUE(model) << model.error().message;
  return boost::json::parse(model->xgboost_json);
}

// `model` after `edit`, as JSON text.
std::string Edited(boost::json::value model, const std::function<void(boost::json::value&)>& edit) {
  edit(model);
  return boost::json::serialize(model);
}

boost::json::object& Learner(boost::json::value& model) { return model.at("learner").as_object(); }
boost::json::object& Tree(boost::json::value& model, size_t i) {
  return model.at_pointer("/learner/gradient_booster/model/trees").as_array()[i].as_object();
}

// Our margins and XGBoost's on 2,000 rows of the model in `json`.
void ExpectMarginsMatchXgboost(const std::string& json) {
  auto ours = ImportXgboostJson(json);
  ASSERT_TRUE(ours) << ours.error().message;
  auto booster = XgboostBooster::FromJson(json);
  ASSERT_TRUE(booster) << booster.error().message;
  const auto rows = testing::MakeSyntheticData(2000, 6, 22, 0.2);
  auto theirs = booster->Predict(rows.matrix(), true);
  ASSERT_TRUE(theirs);
  for (size_t r = 0; r < rows.num_rows; ++r) {
    ASSERT_NEAR(*ours->PredictMargin(rows.matrix().row(r)), (*theirs)[r], 1e-5) << "row " << r;
  }
}

TEST(XgboostJson, BaseScoreIsAProbabilityForLogisticObjectives) {
  const boost::json::value model = SmallModel();
  for (const char* objective : {"binary:logistic", "reg:logistic"}) {
    const std::string json = Edited(model, [&](boost::json::value& m) {
      Learner(m)["objective"].as_object()["name"] = objective;
      Learner(m)["learner_model_param"].as_object()["base_score"] = "2E-1";
    });
    ExpectMarginsMatchXgboost(json);
    auto ours = ImportXgboostJson(json);
    ASSERT_TRUE(ours);
    EXPECT_FLOAT_EQ(ours->base_margin(), std::log(0.2f / 0.8f)) << objective;
  }
}

TEST(XgboostJson, BaseScoreIsTheMarginForLogitraw) {
  const std::string json = Edited(SmallModel(), [](boost::json::value& m) {
    Learner(m)["objective"].as_object()["name"] = "binary:logitraw";
    Learner(m)["learner_model_param"].as_object()["base_score"] = "-1.5E0";
  });
  ExpectMarginsMatchXgboost(json);
  EXPECT_EQ(ImportXgboostJson(json)->base_margin(), -1.5f);
}

TEST(XgboostJson, ReadsFeatureNames) {
  const std::string json = Edited(SmallModel(), [](boost::json::value& m) {
    Learner(m)["feature_names"] = {"a", "b", "c", "d", "e", "f"};
  });
  auto model = ImportXgboostJson(json);
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(model->feature_names(), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
}

void ExpectRefused(const std::string& json, const std::string& field, const std::string& text) {
  auto model = ImportXgboostJson(json);
  ASSERT_FALSE(model) << "accepted, expected an error on " << field;
  EXPECT_EQ(model.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(model.error().field, field);
  EXPECT_THAT(model.error().message, HasSubstr(text));
}

TEST(XgboostJson, RefusesWhatIsNotSupported) {
  const boost::json::value model = SmallModel();
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["objective"].as_object()["name"] = "multi:softprob"; }),
      "learner.objective.name", "\"multi:softprob\": only binary:logistic");
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["learner_model_param"].as_object()["num_class"] = "3"; }),
      "learner.learner_model_param.num_class", "multi-class");
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["learner_model_param"].as_object()["num_target"] = "2"; }),
      "learner.learner_model_param.num_target", "one target");
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["gradient_booster"].as_object()["name"] = "gblinear"; }),
      "learner.gradient_booster.name", "\"gblinear\": only gbtree");
  ExpectRefused(Edited(model,
                       [](auto& m) {
                         m.at_pointer("/learner/gradient_booster/model/tree_info").as_array()[3] =
                             1;
                       }),
                "learner.gradient_booster.model.tree_info[3]", "another output group");
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 2)["split_type"].as_array()[0] = 1; }),
                "learner.gradient_booster.model.trees[2].split_type[0]", "categorical");
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["learner_model_param"].as_object()["base_score"] = "1E0"; }),
      "learner.learner_model_param.base_score", "strictly between 0 and 1");
}

TEST(XgboostJson, RefusesMalformedModelsNamingThePath) {
  const boost::json::value model = SmallModel();
  ExpectRefused("{\"learner\": ", "model", "not JSON text");
  ExpectRefused("[1, 2]", "the model", "must be a JSON object");
  ExpectRefused(Edited(model, [](auto& m) { Learner(m).erase("objective"); }), "learner.objective",
                "is missing");
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 1).erase("default_left"); }),
                "learner.gradient_booster.model.trees[1].default_left", "is missing");
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 1)["split_indices"].as_array().pop_back(); }),
                "learner.gradient_booster.model.trees[1].split_indices", "entries for");
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 0)["split_conditions"].as_array()[0] = "x"; }),
                "learner.gradient_booster.model.trees[0].split_conditions[0]", "must be a number");
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 0)["left_children"].as_array()[0] = 1.5; }),
                "learner.gradient_booster.model.trees[0].left_children[0]", "integer");
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["learner_model_param"].as_object()["num_feature"] = "six"; }),
      "learner.learner_model_param.num_feature", "\"six\", not a number");
  // What the ensemble's checks refuse, named at the tree it came from.
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 4)["left_children"].as_array()[0] = 999; }),
                "learner.gradient_booster.model.trees[4].nodes[0].left",
                "left child 999 is out of range");
  ExpectRefused(Edited(model, [](auto& m) { Tree(m, 4)["left_children"].as_array()[0] = 0; }),
                "learner.gradient_booster.model.trees[4].nodes[0].left", "reached twice");
  auto wide = ImportXgboostJson(Edited(
      model, [](auto& m) { Learner(m)["learner_model_param"].as_object()["num_feature"] = "2"; }));
  ASSERT_FALSE(wide);
  EXPECT_THAT(wide.error().message, StartsWith("learner.gradient_booster.model.trees["));
  EXPECT_THAT(wide.error().message, HasSubstr("out of range: the model has 2 features"));
  ExpectRefused(
      Edited(model,
             [](auto& m) { Learner(m)["learner_model_param"].as_object()["num_feature"] = "0"; }),
      "learner.learner_model_param.num_feature", "at least 1 feature");
}

}  // namespace
}  // namespace vigil::ml
