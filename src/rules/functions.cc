#include "rules/functions.h"

namespace vigil::rules {

namespace {

const std::vector<FunctionSignature>& Signatures() {
  static const std::vector<FunctionSignature> kSignatures = {
      {Function::kRegexMatch,
       "regex_match",
       {RuleType::kString, RuleType::kString},
       RuleType::kBoolean},
      {Function::kLowercase, "lowercase", {RuleType::kString}, RuleType::kString},
      {Function::kUppercase, "uppercase", {RuleType::kString}, RuleType::kString},
      {Function::kGetCurrentDateTime, "getcurrentdatetime", {}, RuleType::kDateTime},
      {Function::kIsBefore,
       "isbefore",
       {RuleType::kDateTime, RuleType::kDateTime},
       RuleType::kBoolean},
      {Function::kIsAfter,
       "isafter",
       {RuleType::kDateTime, RuleType::kDateTime},
       RuleType::kBoolean},
      {Function::kGetEpochMilliseconds,
       "getepochmilliseconds",
       {RuleType::kDateTime},
       RuleType::kInteger},
      {Function::kGetEventDateTime, "geteventdatetime", {}, RuleType::kDateTime},
      {Function::kGetHour, "gethour", {RuleType::kDateTime}, RuleType::kInteger},
      {Function::kGetDayOfWeek, "getdayofweek", {RuleType::kDateTime}, RuleType::kInteger},
  };
  return kSignatures;
}

bool EqualsIgnoringCase(std::string_view written, std::string_view lower) {
  if (written.size() != lower.size()) return false;
  for (size_t i = 0; i < written.size(); ++i) {
    char c = written[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<FunctionSignature> FindFunction(std::string_view name) {
  for (const auto& signature : Signatures()) {
    if (EqualsIgnoringCase(name, signature.name)) return signature;
  }
  return std::nullopt;
}

std::vector<std::string_view> FunctionNames() {
  std::vector<std::string_view> names;
  for (const auto& signature : Signatures()) names.push_back(signature.name);
  return names;
}

}  // namespace vigil::rules
