// A real AFD call as botocore 1.29 (Debian 12's) signed it, for the SigV4 and authenticator
// tests: signed with kKeyId and kSecret at 2026-12-01T10:30:00Z.
#pragma once

#include "api/afd/sigv4.h"

namespace vigil::api::afd {

inline constexpr char kKeyId[] = "AKIDEXAMPLE";
inline constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// An AFD call as botocore 1.29 (Debian 12's) signs it: SigV4Auth over this exact request.
inline SignedRequest BotocoreCall() {
  return SignedRequest{
      "POST",
      "/",
      "",
      {{"Content-Type", "application/x-amz-json-1.1"},
       {"X-Amz-Target", "AWSHawksNestServiceFacade.GetEventPrediction"},
       {"X-Amz-Date", "20261201T103000Z"},
       {"Host", "127.0.0.1:8080"},
       {"Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/frauddetector/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
        "Signature=60558a6cd8f7bede574e0068e0847281f4d72dd46cddf7e2409a131a536b4643"}},
      R"({"detectorId":"transaction_detector","eventId":"abc124"})"};
}

}  // namespace vigil::api::afd
