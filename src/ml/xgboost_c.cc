#include "ml/xgboost_c.h"

#include <xgboost/c_api.h>

#include <cstdint>
#include <cstdio>
#include <limits>

namespace vigil::ml::xgb {

void DMatrixFree::operator()(void* handle) const { XGDMatrixFree(handle); }
void BoosterFree::operator()(void* handle) const { XGBoosterFree(handle); }

Status Check(int rc, std::string_view call, ErrorCode code) {
  if (rc == 0) return {};
  const char* last = XGBGetLastError();
  return Fail(code, "XGBoost " + std::string(call) + " failed: " + (last ? last : "no message"));
}

Result<DMatrix> CreateDMatrix(const FeatureMatrix& matrix) {
  VIGIL_CHECK(matrix.CheckShape());
  if (matrix.num_rows > std::numeric_limits<bst_ulong>::max() ||
      matrix.num_features > std::numeric_limits<bst_ulong>::max()) {
    return Fail(ErrorCode::kInvalidArgument, "the feature matrix is too large", "features");
  }
  DMatrixHandle handle = nullptr;
  VIGIL_CHECK(
      Check(XGDMatrixCreateFromMat(matrix.values.data(), static_cast<bst_ulong>(matrix.num_rows),
                                   static_cast<bst_ulong>(matrix.num_features),
                                   std::numeric_limits<float>::quiet_NaN(), &handle),
            "XGDMatrixCreateFromMat", ErrorCode::kInvalidArgument));
  return DMatrix(handle);
}

Result<Booster> CreateBooster(void* training) {
  BoosterHandle handle = nullptr;
  DMatrixHandle cached[1] = {training};
  VIGIL_CHECK(Check(XGBoosterCreate(cached, training ? 1 : 0, &handle), "XGBoosterCreate"));
  return Booster(handle);
}

std::string ArrayInterface(const float* data, size_t rows, size_t columns) {
  char text[160];
  const int n = std::snprintf(
      text, sizeof text, R"({"data":[%zu,true],"shape":[%zu,%zu],"typestr":"<f4","version":3})",
      reinterpret_cast<uintptr_t>(data), rows, columns);
  return std::string(text, static_cast<size_t>(n));
}

}  // namespace vigil::ml::xgb
