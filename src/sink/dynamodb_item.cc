#include "sink/dynamodb_item.h"

#include <charconv>
#include <cmath>

#include "core/json.h"
#include "core/time_format.h"

namespace vigil::sink {

namespace bj = boost::json;

namespace {

bj::object Tagged(const char* type, bj::value value) {
  bj::object out;
  out[type] = std::move(value);
  return out;
}

bj::object DoubleValue(double number) {
  const double magnitude = std::fabs(number);
  char text[64];
  if (std::isfinite(number) && magnitude == std::trunc(magnitude) && magnitude < 9.0e15) {
    auto end = std::to_chars(text, text + sizeof text, static_cast<int64_t>(number)).ptr;
    return Tagged("N", bj::string(text, end));
  }
  auto end = std::to_chars(text, text + sizeof text, number).ptr;
  const bool in_range = std::isfinite(number) && magnitude >= 1e-130 && magnitude < 9.9e125;
  return Tagged(in_range ? "N" : "S", bj::string(text, end));
}

}  // namespace

bj::object ToAttributeValue(const bj::value& value) {
  switch (value.kind()) {
    case bj::kind::null:
      return Tagged("NULL", true);
    case bj::kind::bool_:
      return Tagged("BOOL", value.get_bool());
    case bj::kind::int64:
      return Tagged("N", bj::string(std::to_string(value.get_int64())));
    case bj::kind::uint64:
      return Tagged("N", bj::string(std::to_string(value.get_uint64())));
    case bj::kind::double_:
      return DoubleValue(value.get_double());
    case bj::kind::string:
      return Tagged("S", value.get_string());
    case bj::kind::array: {
      bj::array list;
      for (const auto& element : value.get_array()) list.emplace_back(ToAttributeValue(element));
      return Tagged("L", std::move(list));
    }
    case bj::kind::object: {
      bj::object map;
      for (const auto& member : value.get_object()) {
        map[member.key()] = ToAttributeValue(member.value());
      }
      return Tagged("M", std::move(map));
    }
  }
  return Tagged("NULL", true);
}

Result<bj::object> DecisionItem(const store::DecisionRecord& record) {
  VIGIL_TRY(parsed, json::Parse(record.record_json));
  bj::object item;
  item["event_id"] = Tagged("S", bj::string(record.event_id));
  item["fraud_label"] = Tagged("S", bj::string(record.fraud_label));
  if (record.insight_score) item["insight_score"] = DoubleValue(*record.insight_score);
  item["timestamp"] = Tagged("S", bj::string(FormatIso8601(record.decided_micros)));
  item["detector_id"] = Tagged("S", bj::string(record.detector_id));
  item["detector_version"] = Tagged("S", bj::string(record.detector_version));
  item["event_type"] = Tagged("S", bj::string(record.event_type));
  item["seq"] = Tagged("N", bj::string(std::to_string(record.seq)));
  item["hash"] = Tagged("S", bj::string(record.hash));
  item["record"] = ToAttributeValue(parsed);
  if (bj::serialize(item).size() > kMaxItemJsonBytes) {
    item.erase("record");
    item["record_omitted"] = Tagged("BOOL", true);
  }
  return item;
}

}  // namespace vigil::sink
