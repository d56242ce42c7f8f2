// Rules: CreateRule, GetRules, UpdateRuleVersion, UpdateRuleMetadata, DeleteRule — catalog
// edits (catalog/edits.h), every rule version immutable, DETECTORPL the only language.
#include "api/afd/named_operations.h"

namespace vigil::api::afd {

namespace bj = boost::json;

namespace {

constexpr size_t kDefaultRulePage = 100;

// The {detectorId, ruleId, ruleVersion} that UpdateRuleVersion, UpdateRuleMetadata and
// DeleteRule name their rule by.
struct RuleName {
  std::string detector_id;
  std::string rule_id;
  int version = 0;
};

RuleName RuleNameOf(const bj::object& in) {
  const bj::object& rule = *Object(in, "rule");
  return {Text(rule, "detectorId"), Text(rule, "ruleId"), VersionNumber(Text(rule, "ruleVersion"))};
}

Result<bj::object> CreateRule(Context& context, const bj::object& in) {
  catalog::RuleVersion rule;
  rule.detector_id = Text(in, "detectorId");
  rule.rule_id = Text(in, "ruleId");
  rule.expression = Text(in, "expression");
  rule.outcomes = TextList(in, "outcomes");
  rule.description = Text(in, "description");
  VIGIL_CHECK(context.catalog.Edit(
      [&](catalog::Catalog& c, int64_t now) { return catalog::CreateRule(c, rule, now); }));
  return bj::object{{"rule", RuleRefJson(rule.detector_id, rule.rule_id, 1)}};
}

Result<bj::object> GetRules(Context& context, const bj::object& in) {
  const auto snapshot = context.catalog.Current();
  const catalog::Catalog& c = snapshot->catalog();
  const std::string detector_id = Text(in, "detectorId");
  if (!c.detectors.contains(detector_id)) {
    return Fail(ErrorCode::kNotFound, "detector '" + detector_id + "' does not exist",
                "detectorId");
  }
  const auto rule_id = OptionalText(in, "ruleId");
  const auto version = OptionalText(in, "ruleVersion");
  if (version && !rule_id) {
    return Fail(ErrorCode::kInvalidArgument, "ruleVersion needs a ruleId", "ruleVersion");
  }
  std::vector<const catalog::RuleVersion*> matching;
  for (const auto& [key, versions] : c.rules) {
    if (key.first != detector_id || (rule_id && key.second != *rule_id)) continue;
    for (const auto& [n, rule] : versions) {
      if (!version || n == VersionNumber(*version)) matching.push_back(&rule);
    }
  }
  if (rule_id && matching.empty()) {
    return Fail(ErrorCode::kNotFound,
                "rule '" + *rule_id + "'" + (version ? " version " + *version : std::string()) +
                    " does not exist in detector '" + detector_id + "'",
                "ruleId");
  }
  return IndexPage(matching.size(), in, "ruleDetails", kDefaultRulePage,
                   [&](size_t i) { return bj::value(ToAfd(*matching[i])); });
}

Result<bj::object> UpdateRuleVersion(Context& context, const bj::object& in) {
  const RuleName name = RuleNameOf(in);
  catalog::RuleVersion next;
  next.detector_id = name.detector_id;
  next.rule_id = name.rule_id;
  next.expression = Text(in, "expression");
  next.outcomes = TextList(in, "outcomes");
  next.description = Text(in, "description");
  int number = 0;
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) -> Status {
    if (c.FindRule(name.detector_id, name.rule_id, name.version) == nullptr) {
      return Fail(ErrorCode::kNotFound,
                  "rule '" + name.rule_id + "' version " + std::to_string(name.version) +
                      " does not exist in detector '" + name.detector_id + "'");
    }
    VIGIL_TRY(n, catalog::UpdateRuleVersion(c, next, now));
    number = n;
    return {};
  }));
  return bj::object{{"rule", RuleRefJson(name.detector_id, name.rule_id, number)}};
}

Result<bj::object> UpdateRuleMetadata(Context& context, const bj::object& in) {
  const RuleName name = RuleNameOf(in);
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t now) {
    return catalog::UpdateRuleMetadata(c, name.detector_id, name.rule_id, Text(in, "description"),
                                       now);
  }));
  return bj::object();
}

Result<bj::object> DeleteRule(Context& context, const bj::object& in) {
  const RuleName name = RuleNameOf(in);
  VIGIL_CHECK(context.catalog.Edit([&](catalog::Catalog& c, int64_t) {
    return catalog::DeleteRule(c, name.detector_id, name.rule_id);
  }));
  return bj::object();
}

}  // namespace

void AddRuleOperations(OperationTable& table) {
  table.AddSync("CreateRule", CreateRule, true);
  table.AddSync("GetRules", GetRules);
  table.AddSync("UpdateRuleVersion", UpdateRuleVersion, true);
  table.AddSync("UpdateRuleMetadata", UpdateRuleMetadata, true);
  table.AddSync("DeleteRule", DeleteRule, true);
}

}  // namespace vigil::api::afd
