#include "api/detect_request.h"

#include "api/event_body.h"
#include "core/names.h"

namespace vigil::api {

namespace bj = boost::json;

Result<engine::EventInput> DecodeDetectBody(std::string_view body) {
  std::string detector_id;
  std::optional<int> detector_version;
  auto reserved = [&](std::string_view key, const bj::value& v) -> Result<bool> {
    if (key == "detector_id") {
      VIGIL_TRY(id, TextMember(v, "detector_id"));
      VIGIL_CHECK(ValidateIdentifier(id, "detector_id"));
      detector_id = std::move(id);
      return true;
    }
    if (key == "detector_version") {
      VIGIL_TRY(text, TextMember(v, "detector_version"));
      auto number = CoerceText(text, DataType::kInteger);
      if (!number || number->integer() < 1 || number->integer() > 99999) {
        return Fail(ErrorCode::kInvalidArgument,
                    "detector_version must be a whole number from 1 to 99999", "detector_version");
      }
      detector_version = static_cast<int>(number->integer());
      return true;
    }
    return false;
  };
  VIGIL_TRY(in, DecodeEventBody(body, reserved));
  in.detector_id = std::move(detector_id);
  in.detector_version = detector_version;
  return in;
}

}  // namespace vigil::api
