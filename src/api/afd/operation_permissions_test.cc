#include "api/afd/operation_permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "api/afd/service_model.h"
#include "api/api_keys.h"

namespace vigil::api::afd {
namespace {

// Every operation of the service model maps to one entry of the table: a permission, or (for
// the catalog's reads) read or admin, as GET /v1 accepts either.
TEST(OperationPermissions, EveryOperationOfTheModelMapsToOneEntry) {
  const auto& operations = ServiceModel::Embedded().operations();
  ASSERT_EQ(operations.size(), 73u);
  std::map<uint8_t, int> counts;
  for (const auto& [name, operation] : operations) {
    const uint8_t bits = PermissionsFor(name);
    EXPECT_TRUE(bits == kDecide || bits == kEvents || bits == kRead || bits == kAdmin ||
                bits == (kRead | kAdmin))
        << name << " → " << int(bits);
    ++counts[bits];
    // GetEventPrediction decides (and stores) an event: not a read.
    const bool reads = (name.starts_with("Get") || name.starts_with("List") ||
                        name.starts_with("Describe") || name == "BatchGetVariable") &&
                       name != "GetEventPrediction";
    if (reads) {
      EXPECT_NE(bits & kRead, 0) << name << " reads, so the read permission allows it";
    } else {
      EXPECT_EQ(bits & kRead, 0) << name << " writes, so the read permission must not allow it";
    }
  }
  EXPECT_EQ(counts[kDecide], 1);
  EXPECT_EQ(counts[kEvents], 3);
  EXPECT_EQ(counts[kRead], 3);
  EXPECT_EQ(counts[kRead | kAdmin] + counts[kAdmin] + 7, 73);
}

TEST(OperationPermissions, TheSeedsScoringRoleAndTheCatalog) {
  // The seed's IAM role: frauddetector:GetEventPrediction and nothing else.
  EXPECT_EQ(PermissionsFor("GetEventPrediction"), kDecide);
  EXPECT_EQ(PermissionsFor("GetEventPredictionMetadata"), kRead);
  EXPECT_EQ(PermissionsFor("ListEventPredictions"), kRead);
  EXPECT_EQ(PermissionsFor("GetEvent"), kRead);
  for (const char* name : {"SendEvent", "UpdateEventLabel", "DeleteEvent"}) {
    EXPECT_EQ(PermissionsFor(name), kEvents) << name;
  }
  for (const char* name : {"GetDetectors", "DescribeDetector", "ListTagsForResource",
                           "BatchGetVariable", "GetKMSEncryptionKey"}) {
    EXPECT_EQ(PermissionsFor(name), kRead | kAdmin) << name;
  }
  for (const char* name : {"CreateDetectorVersion", "PutDetector", "DeleteEventsByEventType",
                           "BatchCreateVariable", "UpdateDetectorVersionStatus", "TagResource",
                           "CancelBatchImportJob", "NoSuchOperation"}) {
    EXPECT_EQ(PermissionsFor(name), kAdmin) << name;
  }
}

}  // namespace
}  // namespace vigil::api::afd
