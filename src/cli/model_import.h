// `vigil model import FILE.json --model-id ID --event-type T --inputs a,b,c`: brings a model
// trained elsewhere with XGBoost into a stopped server's data directory as a new model version
// (docs/models.md, "Importing a model").
//
// FILE.json is XGBoost's JSON model; --inputs are the event type's variables in the model's
// feature order. Each input is encoded as ChooseEncoding says for its type (numbers, booleans,
// datetimes as their age in days); --mapping FILE gives encoders explicitly ({"inputs":
// [VariableEncoder JSON, ...]}, in input order), which STRING inputs need, since a category's
// fraud rates come from the data the model was trained on.
//
// The insight score needs a calibration (ml/score_calibration.h), fitted on legitimate events'
// model outputs. --calibration FILE gives one ({"knots": [{"raw", "fpr"}...]}, or
// {"legit_raw": [...]}: the model's probabilities on the hold-out's legitimate events, fitted
// here); without it the model is calibrated on the event type's stored events labelled with one
// of --legit-labels (default "legit"), at least 400 of them (AFD's minimum per class), which
// works when the inputs are event or derived variables (aggregates would need a replay of the
// history). Otherwise the import is refused.
//
// The version is created through catalog::PutModelVersion inside engine::CatalogService::Edit,
// exactly as POST /v1/models/{id}/versions creates one: a bad file, a wrong input or a scorer
// that does not compile is reported (naming the JSON path) and changes nothing.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace vigil::cli {

struct ModelImportFlags {
  std::string file;
  std::string model_id;
  std::string event_type;
  std::vector<std::string> inputs;
  std::string version;                // empty: the next major version
  std::string model_type = "TRANSACTION_FRAUD_INSIGHTS";
  std::string mapping;                // encoders file; empty: ChooseEncoding
  std::string calibration;            // calibration file; empty: the stored legitimate events
  std::vector<std::string> legit_labels = {"legit"};
  std::string description;
  std::string data_dir = "./data";    // [env VIGIL_DATA_DIR]
};

// Adds `model import` under `app`; returns the `import` subcommand.
CLI::App* AddModelCommand(CLI::App& app, ModelImportFlags& flags);

// Exit status: 0 imported (the version is printed), 1 the store could not be used, 2 the file,
// the flags or the model were refused: nothing changed.
int RunModelImport(const ModelImportFlags& flags);

}  // namespace vigil::cli
