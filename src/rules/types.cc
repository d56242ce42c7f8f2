#include "rules/types.h"

namespace vigil::rules {

const char* RuleTypeName(RuleType type) {
  switch (type) {
    case RuleType::kBoolean:
      return "BOOLEAN";
    case RuleType::kInteger:
      return "INTEGER";
    case RuleType::kFloat:
      return "FLOAT";
    case RuleType::kString:
      return "STRING";
    case RuleType::kDateTime:
      return "DATETIME";
    case RuleType::kNull:
      return "null";
    case RuleType::kList:
      return "a list";
  }
  return "null";
}

RuleType FromDataType(DataType type) {
  switch (type) {
    case DataType::kString:
      return RuleType::kString;
    case DataType::kInteger:
      return RuleType::kInteger;
    case DataType::kFloat:
      return RuleType::kFloat;
    case DataType::kBoolean:
      return RuleType::kBoolean;
    case DataType::kDateTime:
      return RuleType::kDateTime;
  }
  return RuleType::kString;
}

}  // namespace vigil::rules
