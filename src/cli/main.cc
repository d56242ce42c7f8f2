// vigil: the command line. `vigil serve` runs the engine; the other subcommands manage it.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/evaluate.h"
#include "cli/import.h"
#include "cli/train.h"
#include "cli/model_import.h"
#include "cli/serve.h"
#include "cli/serve_config.h"
#include "cli/simulate.h"

namespace {

std::string Env(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace vigil::cli;
  CLI::App app{"Vigil: a self-hosted real-time fraud detection engine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vigil 0.1.0");

  CLI::App* serve = app.add_subcommand("serve", "Serve the API (POST /detect, admin API, metrics)");
  ServeConfigLoader loader(*serve);

  ServerFlags server_flags;
  server_flags.server = Env("VIGIL_SERVER", server_flags.server);
  server_flags.api_key = Env("VIGIL_API_KEY", "");
  server_flags.ca_file = Env("VIGIL_CACERT", "");
  auto add_server_flags = [&](CLI::App* sub) {
    sub->add_option("--server", server_flags.server, "Server URL [env VIGIL_SERVER]")
        ->capture_default_str();
    sub->add_option("--api-key", server_flags.api_key, "API key with admin permission [env VIGIL_API_KEY]");
    sub->add_option("--cacert", server_flags.ca_file,
                    "PEM file of the CAs to trust for an https:// server (default: the system's) "
                    "[env VIGIL_CACERT]");
  };

  std::string file;
  CLI::App* apply = app.add_subcommand("apply", "Create or update a detector from a YAML/JSON file");
  apply->add_option("-f,--file", file, "Detector file ('-' for standard input)")->required();
  add_server_flags(apply);

  std::string detector_id, format = "yaml";
  CLI::App* export_cmd = app.add_subcommand("export", "Write a detector back as a detector file");
  export_cmd->add_option("detector_id", detector_id, "Detector id")->required();
  export_cmd->add_option("--format", format, "yaml or json")->check(CLI::IsMember({"yaml", "json"}))
      ->capture_default_str();
  add_server_flags(export_cmd);

  KeyFlags key_flags;
  key_flags.data_dir = Env("VIGIL_DATA_DIR", key_flags.data_dir);
  CLI::App* keys = app.add_subcommand("keys", "Manage API keys in a data directory (server stopped)");
  keys->require_subcommand(1);
  CLI::App* create = keys->add_subcommand("create", "Create a key and print it once");
  create->add_option("--name", key_flags.name, "Key name")->required();
  create->add_option("--permissions", key_flags.permissions, "decide,read,admin,events or all")->required();
  create->add_option("--rate", key_flags.rate,
                     "The key's rate limit in requests per second (0 = unlimited; default: the "
                     "server's rate_limit)");
  create->add_option("--burst", key_flags.burst,
                     "Requests the key may send at once (default: the rate, at least 1)");
  create->add_flag("--aws", key_flags.aws,
                   "Create an AWS access key (id and secret) for AFD's JSON API, as the AWS SDKs "
                   "and CLI sign with, instead of an x-api-key key");
  CLI::App* list =
      keys->add_subcommand("list", "List keys (names, permissions, access key ids; never secrets)");
  CLI::App* remove = keys->add_subcommand("delete", "Delete a key");
  remove->add_option("--name", key_flags.name, "Key name")->required();
  for (CLI::App* sub : {create, list, remove}) {
    sub->add_option("--data-dir", key_flags.data_dir, "Data directory [env VIGIL_DATA_DIR]")
        ->capture_default_str();
  }

  std::string verify_dir = Env("VIGIL_DATA_DIR", "./data");
  CLI::App* verify = app.add_subcommand("verify", "Verify the hash chain of the decision records");
  verify->add_option("--data-dir", verify_dir, "Data directory [env VIGIL_DATA_DIR]")->capture_default_str();

  SimulateFlags simulate_flags;
  simulate_flags.send.api_key = Env("VIGIL_API_KEY", "");
  simulate_flags.send.ca_file = Env("VIGIL_CACERT", "");
  CLI::App* simulate = AddSimulateCommand(app, simulate_flags);

  EvaluateFlags evaluate_flags;
  evaluate_flags.data_dir = Env("VIGIL_DATA_DIR", "./data");
  CLI::App* evaluate = AddEvaluateCommand(app, evaluate_flags);

  TrainFlags train_flags;
  train_flags.data_dir = Env("VIGIL_DATA_DIR", "./data");
  CLI::App* train = AddTrainCommand(app, train_flags);

  ImportFlags import_flags;
  import_flags.data_dir = Env("VIGIL_DATA_DIR", "./data");
  CLI::App* import = AddImportCommand(app, import_flags);

  ModelImportFlags model_flags;
  model_flags.data_dir = Env("VIGIL_DATA_DIR", "./data");
  CLI::App* model_import = AddModelCommand(app, model_flags);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; a usage error (unknown flag, a value that does not convert)
    // exits 2, as an out-of-range value does, instead of CLI11's codes above 100.
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (serve->parsed()) {
    auto config = loader.Resolve();
    if (!config) {
      std::cerr << "error: " << config.error().message << "\n";
      return 2;
    }
    return RunServe(*config);
  }
  if (apply->parsed()) return RunApply(server_flags, file);
  if (export_cmd->parsed()) return RunExport(server_flags, detector_id, format);
  if (create->parsed()) return RunKeysCreate(key_flags);
  if (list->parsed()) return RunKeysList(key_flags);
  if (remove->parsed()) return RunKeysDelete(key_flags);
  if (verify->parsed()) return RunVerify(verify_dir);
  if (simulate->parsed()) return RunSimulate(simulate_flags);
  if (import->parsed()) return RunImport(import_flags);
  if (evaluate->parsed()) return RunEvaluate(evaluate_flags);
  if (train->parsed()) return RunTrain(train_flags);
  if (model_import->parsed()) return RunModelImport(model_flags);
  return 0;
}
