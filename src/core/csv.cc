#include "core/csv.h"

namespace vigil {

Status SplitCsvLine(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      const size_t opened = i++;
      for (;;) {
        if (i >= line.size()) {
          return Fail(ErrorCode::kInvalidArgument,
                      "column " + std::to_string(fields.size() + 1) + ": the quote opened at " +
                          "character " + std::to_string(opened + 1) + " is not closed");
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        return Fail(ErrorCode::kInvalidArgument, "column " + std::to_string(fields.size() + 1) +
                                                     ": text after the closing quote");
      }
    } else {
      const size_t end = line.find(',', i);
      field.assign(line.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      if (field.find('"') != std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument, "column " + std::to_string(fields.size() + 1) +
                                                     ": a quote inside an unquoted field");
      }
      i = end == std::string_view::npos ? line.size() : end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return {};
    ++i;  // the comma
  }
}

}  // namespace vigil
