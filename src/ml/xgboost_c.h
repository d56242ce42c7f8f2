// Safe use of XGBoost's C API within ml/: owning handles and return codes as Errors. Only ml/'s
// .cc files include <xgboost/c_api.h>; this header keeps it out of everyone else's includes.
//
// XGBoost's C API catches its own exceptions and reports them as a return code and
// XGBGetLastError() (a per-thread message), so no exception escapes it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ml/feature_matrix.h"

namespace vigil::ml::xgb {

struct DMatrixFree {
  void operator()(void* handle) const;
};
struct BoosterFree {
  void operator()(void* handle) const;
};
// Owning DMatrixHandle and BoosterHandle (both are void* in the C API).
using DMatrix = std::unique_ptr<void, DMatrixFree>;
using Booster = std::unique_ptr<void, BoosterFree>;

// `rc` of the C API function `call` as a Status: on failure an Error of `code` whose message
// names the call and carries XGBoost's own.
Status Check(int rc, std::string_view call, ErrorCode code = ErrorCode::kInternal);

// A DMatrix holding a copy of `matrix`, NaN as missing. Checks the matrix's shape first.
Result<DMatrix> CreateDMatrix(const FeatureMatrix& matrix);

// A booster with no trees yet, with `training` as its cached training data (may be null).
Result<Booster> CreateBooster(void* training);

// The array interface JSON XGBoost takes for a dense C-contiguous float32 matrix at `data`.
std::string ArrayInterface(const float* data, size_t rows, size_t columns);

}  // namespace vigil::ml::xgb
