// `vigil train`: trains a model version of an event type from the stored events of a stopped
// server's data directory, or from an AFD-format CSV (--csv) replayed through that directory's
// declarations (training/model_training.h), adds it to the data directory's catalog
// (unless --no-add), prints its quality, and writes to --output the HTML report, AFD's
// trainingResult as JSON, XGBoost's model and the model version file <model>-<version>.json
// (what a detector file's models[].versions[] reads: docs/detector-files.md). The same data
// and flags write the same version file, byte for byte.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "ml/xgboost_trainer.h"

namespace vigil::cli {

// The Handbook's best XGBoost on its workload (100 trees, learning rate 0.1, depth 3), on 2
// threads: what `vigil train` and `vigil evaluate` use unless told otherwise.
inline ml::TrainOptions DefaultTrainOptions() {
  ml::TrainOptions o;
  o.rounds = 100;
  o.eta = 0.1;
  o.max_depth = 3;
  o.nthread = 2;
  return o;
}

struct TrainFlags {
  std::string data_dir = "./data";  // [env VIGIL_DATA_DIR]
  std::string event_type;
  std::string csv;                  // set: train on this AFD-format CSV's events instead
  std::string model_id;
  std::vector<std::string> inputs;  // empty: every number, boolean and datetime variable
  std::vector<std::string> fraud_labels = {"fraud"};
  std::vector<std::string> legit_labels = {"legit"};
  std::string unlabeled = "IGNORE";  // AFD's unlabeledEventsTreatment
  double holdout = 0.15;
  std::string gap = "0s";           // a duration: 7d
  std::string output = ".";         // where the report and the model files go
  std::string version;              // empty: the model's next major version
  bool add = true;                  // false (--no-add): write the files, leave the catalog
  std::string description;
  ml::TrainOptions xgboost = DefaultTrainOptions();
};

// Adds --inputs, --fraud-labels and --legit-labels, shared by `vigil train` and `vigil evaluate`.
void AddModelInputFlags(CLI::App& sub, std::vector<std::string>& inputs,
                        std::vector<std::string>& fraud_labels,
                        std::vector<std::string>& legit_labels);

// Adds the XGBoost parameter flags shared by `vigil train` and `vigil evaluate`.
void AddXgboostFlags(CLI::App& sub, ml::TrainOptions& options);

CLI::App* AddTrainCommand(CLI::App& app, TrainFlags& flags);

// Exit status: 0 trained and added, 1 the data directory or the output could not be used, 2 a usage or data
// error (an unknown event type or input, too few labelled events: the data checks' messages).
int RunTrain(const TrainFlags& flags);

}  // namespace vigil::cli
