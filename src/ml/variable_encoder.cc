#include "ml/variable_encoder.h"

#include <arpa/inet.h>

#include <cmath>
#include <cstdio>

namespace vigil::ml {

namespace {

constexpr double kMicrosPerDay = 86'400e6;

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out;
  char pair[3];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", bytes[i]);
    out += pair;
  }
  return out;
}

// The /24 and /16 networks of an IPv4 address, or the first 48 and 32 bits of an IPv6 one.
std::optional<std::vector<std::string>> NetworkKeys(const std::string& text) {
  unsigned char bytes[16];
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) {
    return std::vector<std::string>{"4:" + Hex(bytes, 3), "4:" + Hex(bytes, 2)};
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) {
    return std::vector<std::string>{"6:" + Hex(bytes, 6), "6:" + Hex(bytes, 4)};
  }
  return std::nullopt;
}

struct Email {
  std::string domain;
  size_t local_length = 0, local_digits = 0;
};
std::optional<Email> ParseEmail(const std::string& text) {
  const size_t at = text.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == text.size()) return std::nullopt;
  Email e;
  for (size_t i = at + 1; i < text.size(); ++i) {
    const char c = text[i];
    e.domain += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  e.local_length = at;
  for (size_t i = 0; i < at; ++i) e.local_digits += text[i] >= '0' && text[i] <= '9';
  return e;
}

// The keys a kind target-encodes for `value`: nullopt when it has none (null, not an address).
std::optional<std::vector<std::string>> Keys(EncodingKind kind, const Value& value) {
  if (value.is_null()) return std::nullopt;
  const std::string text = value.is_string() ? value.string() : value.ToLiteral();
  switch (kind) {
    case EncodingKind::kCategory:
      return std::vector<std::string>{text};
    case EncodingKind::kIpAddress:
      return NetworkKeys(text);
    case EncodingKind::kEmailAddress: {
      auto email = ParseEmail(text);
      if (!email) return std::nullopt;
      return std::vector<std::string>{email->domain};
    }
    default:
      return std::vector<std::string>{};
  }
}

size_t TableCount(EncodingKind kind) {
  switch (kind) {
    case EncodingKind::kCategory:
      return 1;
    case EncodingKind::kIpAddress:
      return 2;
    case EncodingKind::kEmailAddress:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

const char* EncodingKindName(EncodingKind kind) {
  switch (kind) {
    case EncodingKind::kNumber:
      return "number";
    case EncodingKind::kBoolean:
      return "boolean";
    case EncodingKind::kAge:
      return "age";
    case EncodingKind::kCategory:
      return "category";
    case EncodingKind::kIpAddress:
      return "ip_address";
    case EncodingKind::kEmailAddress:
      return "email_address";
  }
  return "number";
}

std::optional<EncodingKind> ParseEncodingKind(std::string_view name) {
  for (EncodingKind kind :
       {EncodingKind::kNumber, EncodingKind::kBoolean, EncodingKind::kAge, EncodingKind::kCategory,
        EncodingKind::kIpAddress, EncodingKind::kEmailAddress}) {
    if (name == EncodingKindName(kind)) return kind;
  }
  return std::nullopt;
}

EncodingKind ChooseEncoding(DataType type, std::string_view variable_type) {
  switch (type) {
    case DataType::kInteger:
    case DataType::kFloat:
      return EncodingKind::kNumber;
    case DataType::kBoolean:
      return EncodingKind::kBoolean;
    case DataType::kDateTime:
      return EncodingKind::kAge;
    case DataType::kString:
      break;
  }
  if (variable_type == "IP_ADDRESS") return EncodingKind::kIpAddress;
  if (variable_type == "EMAIL_ADDRESS") return EncodingKind::kEmailAddress;
  return EncodingKind::kCategory;
}

VariableEncoder::VariableEncoder(std::string variable, EncodingKind kind)
    : variable_(std::move(variable)), kind_(kind) {
  switch (kind) {
    case EncodingKind::kNumber:
    case EncodingKind::kBoolean:
      feature_names_ = {variable_};
      break;
    case EncodingKind::kAge:
      feature_names_ = {variable_ + ":age_days"};
      break;
    case EncodingKind::kCategory:
      feature_names_ = {variable_ + ":fraud_rate"};
      break;
    case EncodingKind::kIpAddress:
      feature_names_ = {variable_ + ":prefix24_fraud_rate", variable_ + ":prefix16_fraud_rate"};
      break;
    case EncodingKind::kEmailAddress:
      feature_names_ = {variable_ + ":domain_fraud_rate", variable_ + ":local_length",
                        variable_ + ":local_digits"};
      break;
  }
}

VariableEncoder VariableEncoder::Fit(std::string variable, EncodingKind kind,
                                     std::span<const Value> values, std::span<const bool> fraud,
                                     const TargetEncodingOptions& options) {
  VariableEncoder encoder(std::move(variable), kind);
  const size_t tables = TableCount(kind);
  std::vector<std::vector<std::string>> keys(tables, std::vector<std::string>(values.size()));
  for (size_t row = 0; row < values.size(); ++row) {
    auto row_keys = Keys(kind, values[row]);
    if (!row_keys) continue;  // empty keys: read as the overall rate
    for (size_t t = 0; t < tables; ++t) keys[t][row] = std::move((*row_keys)[t]);
  }
  for (size_t t = 0; t < tables; ++t) {
    encoder.tables_.push_back(TargetEncoding::Fit(keys[t], fraud, options));
  }
  return encoder;
}

void VariableEncoder::Write(
    const Value& value, int64_t event_micros, std::span<float> out,
    const std::function<double(size_t table, std::string_view key)>& rate) const {
  std::fill(out.begin(), out.end(), NAN);
  switch (kind_) {
    case EncodingKind::kNumber:
      if (value.is_number()) out[0] = static_cast<float>(value.number());
      return;
    case EncodingKind::kBoolean:
      if (value.is_boolean()) out[0] = value.boolean() ? 1.0f : 0.0f;
      return;
    case EncodingKind::kAge:
      if (value.is_datetime()) {
        out[0] = static_cast<float>(static_cast<double>(event_micros - value.datetime().micros) /
                                    kMicrosPerDay);
      }
      return;
    default:
      break;
  }
  if (kind_ == EncodingKind::kEmailAddress) {  // parsed once for its domain and local part
    if (value.is_null()) return;
    const auto email = ParseEmail(value.is_string() ? value.string() : value.ToLiteral());
    if (!email) return;
    out[0] = static_cast<float>(rate(0, email->domain));
    out[1] = static_cast<float>(email->local_length);
    out[2] = static_cast<float>(email->local_digits);
    return;
  }
  const auto keys = Keys(kind_, value);
  if (!keys) return;
  for (size_t t = 0; t < tables_.size(); ++t) out[t] = static_cast<float>(rate(t, (*keys)[t]));
}

void VariableEncoder::Encode(const Value& value, int64_t event_micros, std::span<float> out) const {
  Write(value, event_micros, out,
        [&](size_t t, std::string_view key) { return tables_[t].Encode(key); });
}

void VariableEncoder::EncodeTrainingRow(size_t row, const Value& value, int64_t event_micros,
                                        std::span<float> out) const {
  Write(value, event_micros, out,
        [&](size_t t, std::string_view key) { return tables_[t].EncodeTrainingRow(row, key); });
}

boost::json::object VariableEncoder::ToJson() const {
  boost::json::array tables;
  for (const TargetEncoding& t : tables_) tables.push_back(t.ToJson());
  return {{"variable", variable_},
          {"encoding", EncodingKindName(kind_)},
          {"target_encodings", std::move(tables)}};
}

Result<VariableEncoder> VariableEncoder::FromJson(const boost::json::value& json) {
  const auto* o = json.if_object();
  const auto* variable = o != nullptr ? o->if_contains("variable") : nullptr;
  const auto* encoding = o != nullptr ? o->if_contains("encoding") : nullptr;
  const auto* tables = o != nullptr ? o->if_contains("target_encodings") : nullptr;
  if (variable == nullptr || !variable->is_string() || encoding == nullptr ||
      !encoding->is_string() || tables == nullptr || !tables->is_array()) {
    return Fail(ErrorCode::kInvalidArgument,
                "an encoder is {\"variable\", \"encoding\", \"target_encodings\": [...]}");
  }
  const auto kind = ParseEncodingKind(encoding->get_string());
  if (!kind) {
    return Fail(ErrorCode::kInvalidArgument,
                "unknown encoding '" + std::string(encoding->get_string()) +
                    "' (number, boolean, age, category, ip_address, email_address)");
  }
  VariableEncoder encoder(std::string(variable->get_string()), *kind);
  if (tables->get_array().size() != TableCount(*kind)) {
    return Fail(ErrorCode::kInvalidArgument, "the " + std::string(EncodingKindName(*kind)) +
                                                 " encoding of '" + encoder.variable_ + "' needs " +
                                                 std::to_string(TableCount(*kind)) +
                                                 " target encodings");
  }
  for (const auto& table : tables->get_array()) {
    VIGIL_TRY(t, TargetEncoding::FromJson(table));
    encoder.tables_.push_back(std::move(t));
  }
  return encoder;
}

}  // namespace vigil::ml
