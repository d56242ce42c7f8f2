#include "core/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <utility>

namespace vigil::metrics {

namespace {

// Registration errors are programming errors (see the header): fail loudly at start-up.
[[noreturn]] void Die(const std::string& metric, const std::string& why) {
  std::fprintf(stderr, "vigil: bad metric registration '%s': %s\n", metric.c_str(), why.c_str());
  std::abort();
}

bool IsMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsLabelName(std::string_view name) {
  if (!IsMetricName(name) || name.find(':') != std::string_view::npos) return false;
  return !name.starts_with("__");
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kCounter:
      return "counter";
    case Kind::kGauge:
      return "gauge";
    case Kind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

const std::vector<double>& DefaultLatencyBuckets() {
  static const std::vector<double> kBuckets = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                               0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                               0.5,     1,      2.5,     5,      10};
  return kBuckets;
}

// ---- Histogram -------------------------------------------------------------------------------

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), counts_(new std::atomic<uint64_t>[bounds.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // First bound >= value: buckets are inclusive upper bounds ("le"). NaN compares false with
  // everything, so it is routed to +Inf explicitly.
  const size_t index =
      std::isnan(value)
          ? bounds_.size()
          : static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                                bounds_.begin());
  counts_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.cumulative.resize(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative[i] = running;
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

// ---- Family ----------------------------------------------------------------------------------

Family::Family(Kind kind, std::string name, std::string help, std::vector<std::string> label_names)
    : kind_(kind),
      name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)) {}

void Family::AppendSeriesName(std::string& out, std::string_view suffix,
                              const std::vector<std::string>& key) const {
  out += name_;
  out += suffix;
  out += '{';
  for (size_t i = 0; i < label_names_.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names_[i];
    out += "=\"";
    out += EscapeLabelValue(key[i]);
    out += '"';
  }
}

void Family::AppendHeader(std::string& out) const {
  out += "# HELP " + name_ + ' ' + EscapeHelp(help_) + '\n';
  out += "# TYPE " + name_ + ' ' + KindName(kind_) + '\n';
}

namespace {

// `{labels}` is dropped for a series without labels: `name 3`, not `name{} 3`.
void CloseSeriesName(std::string& out, bool has_labels) {
  if (has_labels) {
    out += '}';
  } else {
    out.pop_back();
  }
}

}  // namespace

// ---- CounterFamily ---------------------------------------------------------------------------

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : Family(Kind::kCounter, std::move(name), std::move(help), std::move(label_names)) {}

Counter& CounterFamily::WithLabels(std::initializer_list<std::string_view> values) {
  return series_.Get(values.begin(), values.size(), label_names().size(),
                     [] { return std::make_unique<Counter>(); });
}
Counter& CounterFamily::WithLabels(const std::vector<std::string>& values) {
  return series_.Get(values.data(), values.size(), label_names().size(),
                     [] { return std::make_unique<Counter>(); });
}

void CounterFamily::Render(std::string& out) const {
  bool first = true;
  series_.ForEach([&](const std::vector<std::string>& key, const Counter& counter) {
    if (std::exchange(first, false)) AppendHeader(out);
    AppendSeriesName(out, "", key);
    CloseSeriesName(out, !key.empty());
    out += ' ' + std::to_string(counter.Value()) + '\n';
  });
}

// ---- GaugeFamily -----------------------------------------------------------------------------

GaugeFamily::GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names)
    : Family(Kind::kGauge, std::move(name), std::move(help), std::move(label_names)) {}

Gauge& GaugeFamily::WithLabels(std::initializer_list<std::string_view> values) {
  return series_
      .Get(values.begin(), values.size(), label_names().size(),
           [] { return std::make_unique<Series>(); })
      .gauge;
}
Gauge& GaugeFamily::WithLabels(const std::vector<std::string>& values) {
  return series_
      .Get(values.data(), values.size(), label_names().size(),
           [] { return std::make_unique<Series>(); })
      .gauge;
}

void GaugeFamily::SetCallback(std::initializer_list<std::string_view> values,
                              std::function<double()> read) {
  Series& series = series_.Get(values.begin(), values.size(), label_names().size(),
                               [] { return std::make_unique<Series>(); });
  std::unique_lock lock(series_.mutex());  // Render reads `read` under the shared lock
  series.read = std::move(read);
}

void GaugeFamily::Render(std::string& out) const {
  bool first = true;
  series_.ForEach([&](const std::vector<std::string>& key, const Series& series) {
    if (std::exchange(first, false)) AppendHeader(out);
    AppendSeriesName(out, "", key);
    CloseSeriesName(out, !key.empty());
    out += ' ' + FormatValue(series.read ? series.read() : series.gauge.Value()) + '\n';
  });
}

// ---- HistogramFamily -------------------------------------------------------------------------

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names, std::vector<double> bounds)
    : Family(Kind::kHistogram, std::move(name), std::move(help), std::move(label_names)),
      bounds_(std::move(bounds)) {}

Histogram& HistogramFamily::WithLabels(std::initializer_list<std::string_view> values) {
  return series_.Get(values.begin(), values.size(), label_names().size(),
                     [this] { return std::make_unique<Histogram>(bounds_); });
}
Histogram& HistogramFamily::WithLabels(const std::vector<std::string>& values) {
  return series_.Get(values.data(), values.size(), label_names().size(),
                     [this] { return std::make_unique<Histogram>(bounds_); });
}

void HistogramFamily::Render(std::string& out) const {
  bool first = true;
  series_.ForEach([&](const std::vector<std::string>& key, const Histogram& histogram) {
    if (std::exchange(first, false)) AppendHeader(out);
    const Histogram::Snapshot snapshot = histogram.Read();
    const bool labelled = !key.empty();
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      AppendSeriesName(out, "_bucket", key);
      out += labelled ? ",le=\"" : "le=\"";
      out += i < bounds_.size() ? FormatValue(bounds_[i]) : "+Inf";
      out += "\"} " + std::to_string(snapshot.cumulative[i]) + '\n';
    }
    AppendSeriesName(out, "_sum", key);
    CloseSeriesName(out, labelled);
    out += ' ' + FormatValue(snapshot.sum) + '\n';
    AppendSeriesName(out, "_count", key);
    CloseSeriesName(out, labelled);
    out += ' ' + std::to_string(snapshot.cumulative.back()) + '\n';
  });
}

// ---- Registry --------------------------------------------------------------------------------

template <typename F, typename... Args>
F& Registry::Add(Kind kind, std::string name, std::string help,
                 std::vector<std::string> label_names, Args&&... args) {
  if (!IsMetricName(name)) Die(name, "not a valid metric name");
  for (const auto& label : label_names) {
    if (!IsLabelName(label)) Die(name, "'" + label + "' is not a valid label name");
    if (kind == Kind::kHistogram && label == "le") Die(name, "'le' is reserved for histograms");
  }
  for (size_t i = 0; i < label_names.size(); ++i) {
    for (size_t j = i + 1; j < label_names.size(); ++j) {
      if (label_names[i] == label_names[j]) Die(name, "label '" + label_names[i] + "' repeats");
    }
  }
  auto made = std::make_unique<F>(std::move(name), std::move(help), std::move(label_names),
                                  std::forward<Args>(args)...);
  std::lock_guard lock(mu_);
  for (const auto& family : families_) {
    if (family->name() != made->name()) continue;
    bool same = family->kind() == kind && family->label_names() == made->label_names();
    if constexpr (std::is_same_v<F, HistogramFamily>) {
      same = same && static_cast<HistogramFamily&>(*family).bounds() == made->bounds();
    }
    if (!same) Die(made->name(), "registered twice with a different kind, labels or buckets");
    return static_cast<F&>(*family);
  }
  families_.push_back(std::move(made));
  return static_cast<F&>(*families_.back());
}

CounterFamily& Registry::AddCounterFamily(std::string name, std::string help,
                                          std::vector<std::string> label_names) {
  return Add<CounterFamily>(Kind::kCounter, std::move(name), std::move(help),
                            std::move(label_names));
}

GaugeFamily& Registry::AddGaugeFamily(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  return Add<GaugeFamily>(Kind::kGauge, std::move(name), std::move(help), std::move(label_names));
}

HistogramFamily& Registry::AddHistogramFamily(std::string name, std::string help,
                                              std::vector<std::string> label_names,
                                              std::vector<double> bounds) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) Die(name, "bucket bounds must be finite (+Inf is implied)");
    if (i > 0 && !(bounds[i - 1] < bounds[i])) Die(name, "bucket bounds must strictly increase");
  }
  return Add<HistogramFamily>(Kind::kHistogram, std::move(name), std::move(help),
                              std::move(label_names), std::move(bounds));
}

Counter& Registry::AddCounter(std::string name, std::string help) {
  return AddCounterFamily(std::move(name), std::move(help), {}).WithLabels({});
}

Gauge& Registry::AddGauge(std::string name, std::string help) {
  return AddGaugeFamily(std::move(name), std::move(help), {}).WithLabels({});
}

void Registry::AddGaugeCallback(std::string name, std::string help, std::function<double()> read) {
  AddGaugeFamily(std::move(name), std::move(help), {}).SetCallback({}, std::move(read));
}

Histogram& Registry::AddHistogram(std::string name, std::string help, std::vector<double> bounds) {
  return AddHistogramFamily(std::move(name), std::move(help), {}, std::move(bounds)).WithLabels({});
}

std::string Registry::Render() const {
  std::vector<const Family*> families;
  {
    std::lock_guard lock(mu_);
    families.reserve(families_.size());
    for (const auto& family : families_) families.push_back(family.get());
  }
  // Families are never removed, so rendering outside the registry lock is safe and lets a
  // registration proceed during a scrape.
  std::string out;
  for (const Family* family : families) family->Render(out);
  return out;
}

}  // namespace vigil::metrics
