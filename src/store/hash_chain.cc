#include "store/hash_chain.h"

#include <openssl/evp.h>

#include <cmath>

#include "store/record_text.h"

namespace vigil::store {

namespace {

Status CheckNoNewline(std::string_view value, std::string_view field) {
  if (value.find('\n') != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must not contain a newline",
                std::string(field));
  }
  return {};
}

}  // namespace

Status CheckChainable(const DecisionRecord& record) {
  if (record.event_id.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "event_id must not be empty", "event_id");
  }
  VIGIL_CHECK(CheckNoNewline(record.event_id, "event_id"));
  VIGIL_CHECK(CheckNoNewline(record.detector_id, "detector_id"));
  VIGIL_CHECK(CheckNoNewline(record.detector_version, "detector_version"));
  VIGIL_CHECK(CheckNoNewline(record.event_type, "event_type"));
  VIGIL_CHECK(CheckNoNewline(record.fraud_label, "fraud_label"));
  if (record.insight_score && !std::isfinite(*record.insight_score)) {
    return Fail(ErrorCode::kInvalidArgument, "insight_score must be a finite number",
                "insight_score");
  }
  VIGIL_CHECK(CheckTimestamp(record.decided_micros, "timestamp"));
  VIGIL_CHECK(CheckTimestamp(record.event_micros, "event_timestamp"));
  return {};
}

struct ChainHasher::Context {
  EVP_MD* md = nullptr;
  EVP_MD_CTX* ctx = nullptr;
};

ChainHasher::ChainHasher() : context_(new Context) {
  // Fetch the digest once: EVP_sha256() would look it up again on every init.
  context_->md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  context_->ctx = EVP_MD_CTX_new();
}

ChainHasher::~ChainHasher() {
  EVP_MD_CTX_free(context_->ctx);
  EVP_MD_free(context_->md);
  delete context_;
}

Result<std::string> ChainHasher::Hash(const DecisionRecord& record) {
  const std::string score = ScoreText(record.insight_score);
  const std::string timestamp = TimestampText(record.decided_micros);
  const std::string event_timestamp = TimestampText(record.event_micros);
  return Hash(record, score, timestamp, event_timestamp);
}

Result<std::string> ChainHasher::Hash(const DecisionRecord& record, std::string_view score,
                                      std::string_view timestamp,
                                      std::string_view event_timestamp) {
  return Hash(ChainFields{.prev_hash = record.prev_hash,
                          .seq = record.seq,
                          .event_id = record.event_id,
                          .detector_id = record.detector_id,
                          .detector_version = record.detector_version,
                          .event_type = record.event_type,
                          .fraud_label = record.fraud_label,
                          .insight_score = score,
                          .timestamp = timestamp,
                          .event_timestamp = event_timestamp,
                          .record_json = record.record_json});
}

Result<std::string> ChainHasher::Hash(const ChainFields& f) {
  EVP_MD_CTX* ctx = context_->ctx;
  if (context_->md == nullptr || ctx == nullptr ||
      EVP_DigestInit_ex(ctx, context_->md, nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "OpenSSL SHA-256 is not available");
  }
  const std::string seq = std::to_string(f.seq);
  const std::string_view parts[] = {
      f.prev_hash,  seq,           f.event_id,      f.detector_id, f.detector_version,
      f.event_type, f.fraud_label, f.insight_score, f.timestamp,   f.event_timestamp,
      f.record_json};
  bool ok = true;
  for (size_t i = 0; i < std::size(parts); ++i) {
    if (i > 0) ok = ok && EVP_DigestUpdate(ctx, "\n", 1) == 1;
    ok = ok && EVP_DigestUpdate(ctx, parts[i].data(), parts[i].size()) == 1;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  ok = ok && EVP_DigestFinal_ex(ctx, digest, &length) == 1;
  if (!ok) return Fail(ErrorCode::kInternal, "OpenSSL SHA-256 failed");

  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace vigil::store
