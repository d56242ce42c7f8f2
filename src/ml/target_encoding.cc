#include "ml/target_encoding.h"

#include <algorithm>

namespace vigil::ml {

double TargetEncoding::Smoothed(double frauds, double events, double prior) const {
  return (frauds + options_.smoothing * prior) / (events + options_.smoothing);
}

TargetEncoding TargetEncoding::Fit(std::span<const std::string> keys, std::span<const bool> fraud,
                                   const TargetEncodingOptions& options) {
  TargetEncoding t;
  t.options_ = options;
  t.options_.folds = std::max<uint32_t>(1, options.folds);
  const uint32_t folds = t.options_.folds;
  t.fold_events_.assign(folds, 0);
  t.fold_frauds_.assign(folds, 0);
  for (size_t row = 0; row < keys.size(); ++row) {
    const uint32_t fold = static_cast<uint32_t>(row % folds);
    const uint32_t is_fraud = fraud[row] ? 1 : 0;
    ++t.events_;
    t.frauds_ += is_fraud;
    ++t.fold_events_[fold];
    t.fold_frauds_[fold] += is_fraud;
    if (keys[row].empty()) continue;
    Counts& c = t.counts_[keys[row]];
    if (c.events.empty()) {
      c.events.assign(folds, 0);
      c.frauds.assign(folds, 0);
    }
    ++c.events[fold];
    c.frauds[fold] += is_fraud;
    ++c.total_events;
    c.total_frauds += is_fraud;
  }
  t.overall_rate_ = t.events_ == 0 ? 0 : static_cast<double>(t.frauds_) / t.events_;
  // Serving keeps the most frequent values that are frequent enough.
  std::vector<std::pair<std::string_view, const Counts*>> kept;
  for (const auto& [key, c] : t.counts_) {
    if (c.total_events >= t.options_.min_events) kept.emplace_back(key, &c);
  }
  if (kept.size() > t.options_.max_values) {
    std::nth_element(kept.begin(), kept.begin() + static_cast<ptrdiff_t>(t.options_.max_values),
                     kept.end(), [](const auto& a, const auto& b) {
                       return a.second->total_events != b.second->total_events
                                  ? a.second->total_events > b.second->total_events
                                  : a.first < b.first;
                     });
    kept.resize(t.options_.max_values);
  }
  for (const auto& [key, c] : kept) {
    t.rates_.emplace(std::string(key),
                     t.Smoothed(c->total_frauds, c->total_events, t.overall_rate_));
  }
  return t;
}

double TargetEncoding::Encode(std::string_view key) const {
  const auto it = rates_.find(std::string(key));
  return it == rates_.end() ? overall_rate_ : it->second;
}

double TargetEncoding::EncodeTrainingRow(size_t row, std::string_view key) const {
  const uint32_t fold = static_cast<uint32_t>(row % options_.folds);
  const double out_events = events_ - fold_events_[fold];
  const double prior = out_events == 0 ? 0 : (frauds_ - fold_frauds_[fold]) / out_events;
  const auto it = counts_.find(std::string(key));
  if (key.empty() || it == counts_.end()) return prior;
  const Counts& c = it->second;
  const double events = c.total_events - c.events[fold];
  if (events < options_.min_events) return prior;
  return Smoothed(c.total_frauds - c.frauds[fold], events, prior);
}

boost::json::object TargetEncoding::ToJson() const {
  // Sorted, so that the same fit always writes the same file.
  std::vector<std::pair<std::string_view, double>> sorted(rates_.begin(), rates_.end());
  std::sort(sorted.begin(), sorted.end());
  boost::json::object values;
  for (const auto& [key, rate] : sorted) values[key] = rate;
  return {{"overall_rate", overall_rate_}, {"values", std::move(values)}};
}

Result<TargetEncoding> TargetEncoding::FromJson(const boost::json::value& json) {
  const auto* o = json.if_object();
  const auto* overall = o != nullptr ? o->if_contains("overall_rate") : nullptr;
  const auto* values = o != nullptr ? o->if_contains("values") : nullptr;
  if (overall == nullptr || !overall->is_number() || values == nullptr || !values->is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                "a target encoding is {\"overall_rate\": number, \"values\": {value: rate}}");
  }
  TargetEncoding t;
  t.overall_rate_ = overall->to_number<double>();
  for (const auto& [key, rate] : values->get_object()) {
    if (!rate.is_number()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "the rate of '" + std::string(key) + "' in a target encoding is not a number");
    }
    t.rates_.emplace(std::string(key), rate.to_number<double>());
  }
  return t;
}

}  // namespace vigil::ml
