#include "core/names.h"

#include <string>

namespace vigil {

namespace {

Status Check(std::string_view value, std::string_view field, size_t max_len,
             bool (*allowed)(char), const char* pattern) {
  if (value.empty() || value.size() > max_len) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " must be 1.." + std::to_string(max_len) +
                    " characters long (got " + std::to_string(value.size()) + ")",
                std::string(field));
  }
  for (char c : value) {
    if (!allowed(c)) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(field) + " must match " + pattern + ": '" + std::string(value) +
                      "' has '" + std::string(1, c) + "'",
                  std::string(field));
    }
  }
  return {};
}

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Lower(char c) { return c >= 'a' && c <= 'z'; }
bool Upper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

Status ValidateIdentifier(std::string_view value, std::string_view field) {
  return Check(value, field, 64,
               [](char c) { return Digit(c) || Lower(c) || c == '_' || c == '-'; },
               "^[0-9a-z_-]+$");
}

Status ValidateStrictIdentifier(std::string_view value, std::string_view field) {
  return Check(value, field, 64, [](char c) { return Digit(c) || Lower(c) || c == '_'; },
               "^[0-9a-z_]+$");
}

Status ValidateEntityId(std::string_view value, std::string_view field) {
  return Check(value, field, 256,
               [](char c) {
                 return Digit(c) || Lower(c) || Upper(c) || c == '_' || c == '.' || c == '@' ||
                        c == '+' || c == '-';
               },
               "^[0-9A-Za-z_.@+-]+$");
}

Status ValidateEventId(std::string_view value, std::string_view field) {
  return Check(value, field, 128,
               [](char c) {
                 return Digit(c) || Lower(c) || Upper(c) || c == '_' || c == '.' || c == ':' ||
                        c == '@' || c == '+' || c == '-';
               },
               "^[0-9A-Za-z_.:@+-]+$");
}

Status ValidateDescription(std::string_view value, std::string_view field) {
  if (value.size() > 128) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " must be at most 128 characters long", std::string(field));
  }
  return {};
}

}  // namespace vigil
