// `vigil evaluate`: measures how well a model of an event type's stored events would have done,
// with the Fraud Detection Handbook's protocol (docs/models.md#evaluate): prequential folds, each
// a training week, a week's delay while the labels arrive, then a test week less the cards
// already known to be compromised; the latest fold's training starts at --train-start and each
// earlier fold a week before. For each fold it trains on the training week and scores the test
// week, and prints the AUC ROC (with its 95% range), the Average Precision and the Card
// Precision@k, then their means and standard deviations over the folds.
//
// It runs the same pipeline as serving and `vigil train`: the stored events are replayed through
// the declared aggregates point in time (training/training_replay.h), encoded and trained on as
// training does (ml/training_fit.h). It reads a stopped server's data directory and changes
// nothing in it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/train.h"

namespace vigil::cli {

struct EvaluateFlags {
  std::string data_dir = "./data";  // [env VIGIL_DATA_DIR]
  std::string event_type;
  // The model's inputs; empty: every event, derived and aggregate variable of the event type
  // that is a number, a boolean or a datetime.
  std::vector<std::string> inputs;
  std::vector<std::string> fraud_labels = {"fraud"};
  std::vector<std::string> legit_labels = {"legit"};
  std::string train_start;  // YYYY-MM-DD; empty: the latest fold's test week ends with the data
  int folds = 4;
  int train_days = 7, delay_days = 7, test_days = 7;
  size_t k = 100;  // cards investigated per day, for Card Precision@k
  // Set: every test event's score is also written there as CSV (fold, event_timestamp,
  // entity_id, probability, fraud), for analyses and plots of one's own.
  std::string scores;
  ml::TrainOptions xgboost = DefaultTrainOptions();
};

CLI::App* AddEvaluateCommand(CLI::App& app, EvaluateFlags& flags);

// Exit status: 0 evaluated, 1 the data directory could not be read, 2 a usage error (an unknown
// event type or input, a fold without enough labelled events).
int RunEvaluate(const EvaluateFlags& flags);

}  // namespace vigil::cli
