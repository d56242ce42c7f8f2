// How one variable of an event becomes model inputs, the same way in training and in serving.
// The encoding follows the variable's data type and AFD variable type (docs/models.md):
//
//   kNumber        INTEGER, FLOAT: the number                       name
//   kBoolean       BOOLEAN: 1 or 0                                  name
//   kAge           DATETIME: days from it to the event (negative    name:age_days
//                  when it is later)
//   kCategory      STRING: its target encoding (target_encoding.h)  name:fraud_rate
//   kIpAddress     IP_ADDRESS: the target encodings of its /24 and  name:prefix24_fraud_rate,
//                  /16 networks (IPv6: its first 48 and 32 bits)    name:prefix16_fraud_rate
//   kEmailAddress  EMAIL_ADDRESS: the target encoding of its        name:domain_fraud_rate,
//                  domain, the local part's length and digit count  name:local_length,
//                                                                   name:local_digits
//
// A null value, or text that is not an address, gives NaN ("missing") in every input; the trees
// learn where missing values go.
//
// Immutable once fitted; const members are thread-safe.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/value.h"
#include "ml/target_encoding.h"

namespace vigil::ml {

enum class EncodingKind { kNumber, kBoolean, kAge, kCategory, kIpAddress, kEmailAddress };
// "number", "boolean", "age", "category", "ip_address", "email_address".
const char* EncodingKindName(EncodingKind kind);
std::optional<EncodingKind> ParseEncodingKind(std::string_view name);

// The encoding of a variable of `type` whose AFD variable type is `variable_type` (may be
// empty): IP_ADDRESS and EMAIL_ADDRESS strings get theirs, other strings are categories.
EncodingKind ChooseEncoding(DataType type, std::string_view variable_type);

class VariableEncoder {
 public:
  // Fits the target encodings on the training rows' values and labels (ignored by the kinds
  // without any). Precondition: equal sizes.
  static VariableEncoder Fit(std::string variable, EncodingKind kind, std::span<const Value> values,
                             std::span<const bool> fraud,
                             const TargetEncodingOptions& options = {});

  const std::string& variable() const { return variable_; }
  EncodingKind kind() const { return kind_; }
  // The inputs it writes, in order.
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  size_t width() const { return feature_names_.size(); }

  // Serving, and rows that were not fitted on. `out` has width() floats.
  void Encode(const Value& value, int64_t event_micros, std::span<float> out) const;
  // Training row `row`, as given to Fit: target encodings out of its fold.
  void EncodeTrainingRow(size_t row, const Value& value, int64_t event_micros,
                         std::span<float> out) const;

  // {"variable", "encoding", "target_encodings": [...]}.
  boost::json::object ToJson() const;
  static Result<VariableEncoder> FromJson(const boost::json::value& json);

 private:
  VariableEncoder(std::string variable, EncodingKind kind);
  void Write(const Value& value, int64_t event_micros, std::span<float> out,
             const std::function<double(size_t table, std::string_view key)>& rate) const;

  std::string variable_;
  EncodingKind kind_;
  std::vector<std::string> feature_names_;
  std::vector<TargetEncoding> tables_;  // one per target-encoded key of the kind
};

}  // namespace vigil::ml
