#include "api/afd/s3_location.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/sqlite/test_util.h"

namespace vigil::api::afd {
namespace {

namespace fs = std::filesystem;

class S3LocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = (fs::path(dir_.path()) / "s3").string();
    fs::create_directories(fs::path(root_) / "bucket" / "in");
    std::ofstream(fs::path(root_) / "bucket" / "in" / "events.csv") << "EVENT_ID\n";
  }
  Result<std::string> Read(const char* location) {
    return LocalPath(root_, location, "inputPath", S3Use::kRead);
  }
  store::testing::TempDir dir_;
  std::string root_;
};

TEST_F(S3LocationTest, ABucketAndKeyAreAPathUnderTheRoot) {
  auto path = Read("s3://bucket/in/events.csv");
  ASSERT_TRUE(path) << path.error().message;
  EXPECT_EQ(*path, (fs::path(root_) / "bucket" / "in" / "events.csv").string());
}

TEST_F(S3LocationTest, NothingLeavesTheRootAndMissingFilesAreNamed) {
  for (const char* location :
       {"s3://bucket/../../vigil.db", "s3://bucket/in/./events.csv", "s3://bucket//events.csv",
        "s3://bucket/in/", "s3://bucket", "s3://", "file:///etc/passwd", "/etc/passwd"}) {
    auto path = Read(location);
    ASSERT_FALSE(path) << location;
    EXPECT_EQ(path.error().code, ErrorCode::kInvalidArgument) << location;
    EXPECT_EQ(path.error().field, "inputPath") << location;
    EXPECT_NE(path.error().message.find(location), std::string::npos) << path.error().message;
  }
  auto missing = Read("s3://bucket/in/missing.csv");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find((fs::path(root_) / "bucket/in/missing.csv").string()),
            std::string::npos)
      << missing.error().message;
  EXPECT_FALSE(LocalPath("", "s3://bucket/in/events.csv", "inputPath", S3Use::kRead));
}

TEST_F(S3LocationTest, AnOutputGetsItsFolderAndARefusedOneMakesNone) {
  auto path = LocalPath(root_, "s3://out/jobs/job_1.csv", "outputPath", S3Use::kWrite);
  ASSERT_TRUE(path) << path.error().message;
  EXPECT_TRUE(fs::is_directory(fs::path(root_) / "out" / "jobs"));
  EXPECT_FALSE(fs::exists(*path));
  EXPECT_FALSE(LocalPath(root_, "s3://../escaped/job.csv", "outputPath", S3Use::kWrite));
  EXPECT_FALSE(fs::exists(fs::path(dir_.path()) / "escaped"));
}

}  // namespace
}  // namespace vigil::api::afd
