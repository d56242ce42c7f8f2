#include "engine/decision_record.h"

#include "core/json_writer.h"
#include "core/time_format.h"

namespace vigil::engine {

namespace bj = boost::json;
using json::JsonWriter;

namespace {

void Strings(JsonWriter& w, const std::vector<std::string>& v) {
  w.BeginArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

// rule_results: the matched rules, as AFD's ruleResults.
void RuleResults(JsonWriter& w, const Decision& d) {
  w.BeginArray();
  for (const auto& r : d.evaluated) {
    if (!r.matched) continue;
    w.BeginObject()
        .Key("rule_id").String(r.rule->rule_id)
        .Key("rule_version").String(std::to_string(r.rule->version));
    w.Key("outcomes");
    Strings(w, r.rule->outcomes);
    w.EndObject();
  }
  w.EndArray();
}

// model_scores: per model, its version, score and top contributors (variable, contribution to
// the margin in log-odds).
void ModelScores(JsonWriter& w, const Decision& d) {
  w.BeginArray();
  for (const ModelScore& m : d.model_scores) {
    w.BeginObject()
        .Key("model_id").String(m.model->model->model_id)
        .Key("model_type").String(catalog::ModelTypeName(m.model->model->model_type))
        .Key("model_version").String(m.model->version->version)
        .Key("score").Double(m.score);
    w.Key("top_contributors").BeginArray();
    for (size_t i = 0; i < m.top_count; ++i) {
      w.BeginObject()
          .Key("variable").String(m.model->scorer->inputs()[m.top[i].input].variable())
          .Key("contribution").Double(m.top[i].contribution);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

// The members the record and the answer share, in the answer's order.
void AnswerMembers(JsonWriter& w, const Decision& d, const std::string& timestamp) {
  const catalog::DetectorVersion& version = *d.version->version;
  w.Key("event_id").String(d.event_id);
  w.Key("fraud_label").String(d.fraud_label);
  w.Key("insight_score");
  if (d.insight_score) {
    w.Double(*d.insight_score);
  } else {
    w.Null();
  }
  w.Key("timestamp").String(timestamp);
  w.Key("detector_id").String(version.detector_id);
  w.Key("detector_version").String(std::to_string(version.version));
  w.Key("outcomes");
  Strings(w, d.outcomes);
  w.Key("rule_results");
  RuleResults(w, d);
  w.Key("model_scores");
  ModelScores(w, d);
}

}  // namespace

std::string RecordJson(const Decision& d) {
  const catalog::DetectorVersion& version = *d.version->version;
  const CompiledEventType& event_type = *d.version->event_type;
  std::string out;
  out.reserve(2048);  // a typical record is 1.5 KB
  JsonWriter w(out);
  w.BeginObject();
  AnswerMembers(w, d, FormatIso8601(d.decided_micros));
  w.Key("event_type").String(event_type.event_type->name);
  w.Key("event_timestamp").String(FormatIso8601(d.event_micros));
  w.Key("detector_version_status").String(catalog::VersionStatusName(version.status));
  w.Key("rule_execution_mode").String(catalog::ExecutionModeName(version.execution_mode));
  w.Key("entities").BeginArray();
  for (const auto& e : d.entities) {
    w.BeginObject().Key("entity_type").String(e.entity_type).Key("entity_id").String(e.entity_id);
    w.EndObject();
  }
  w.EndArray();
  w.Key("variables").BeginArray();
  for (size_t i = 0; i < d.values.size(); ++i) {
    const catalog::Variable& v = *event_type.slots[i].variable;
    w.BeginObject()
        .Key("name").String(v.name)
        .Key("data_type").String(DataTypeName(v.data_type))
        .Key("value").Write(d.values[i])
        .Key("source").String(ValueSourceName(d.sources[i]));
    w.EndObject();
  }
  w.EndArray();
  w.Key("rules").BeginArray();
  for (const auto& r : d.evaluated) {
    w.BeginObject()
        .Key("rule_id").String(r.rule->rule_id)
        .Key("rule_version").String(std::to_string(r.rule->version))
        .Key("expression").String(r.rule->expression)
        .Key("expression_with_values").String(r.expression_with_values)
        .Key("matched").Bool(r.matched);
    w.Key("outcomes");
    Strings(w, r.rule->outcomes);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

std::string AnswerJson(const Decision& d) {
  std::string out;
  out.reserve(320);
  JsonWriter w(out);
  w.BeginObject();
  AnswerMembers(w, d, FormatIso8601(d.decided_micros));
  w.Key("replay").Bool(false);
  w.EndObject();
  return out;
}

bj::object ToAnswer(const bj::object& record, bool replay) {
  bj::object answer;
  for (const char* key : {"event_id", "fraud_label", "insight_score", "timestamp", "detector_id",
                          "detector_version", "outcomes", "rule_results", "model_scores"}) {
    if (auto it = record.find(key); it != record.end()) answer[key] = it->value();
  }
  answer["replay"] = replay;
  return answer;
}

}  // namespace vigil::engine
