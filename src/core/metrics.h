// Prometheus metrics without a third-party library: counters, gauges and histograms, each in a
// family keyed by label values, rendered in the Prometheus text exposition format (version 0.0.4).
//
//   metrics::Registry registry;
//   auto& requests = registry.AddCounterFamily("vigil_http_requests_total", "HTTP requests.",
//                                              {"route", "status"});
//   metrics::Counter& ok = requests.WithLabels({"/detect", "200"});  // once: a map lookup
//   ok.Inc();                                                           // hot path: one atomic add
//   std::string text = registry.Render();                               // GET /metrics
//
// Cost model: looking up an existing series (WithLabels) takes the family's lock in shared mode
// and allocates nothing; creating one takes it exclusively. Callers on a hot path with fixed
// labels look up once and keep the reference. Counter::Inc, Gauge::Set/Inc/Dec and
// Histogram::Observe are lock-free (relaxed atomics). Series are never removed, so references stay
// valid for the registry's lifetime — keep label values low-cardinality (routes, statuses, detector
// names).
//
// Names are program constants, not input: a metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*, a
// label name [a-zA-Z_][a-zA-Z0-9_]* (not starting with "__", and "le" is reserved for
// histograms), and bucket bounds must be finite and strictly increasing. Breaking that, or
// registering one name twice with a different kind, labels or buckets, is a programming error:
// the process aborts with a message naming the metric (registration happens at start-up, so any
// test finds it). Registering the same family twice with identical shape returns the first one.
// Label *values* may come from input: any bytes are accepted and escaped when rendered.
//
// Thread-safety: everything here is safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::metrics {

// A monotonically increasing integer count. Aligned to a cache line so that hot series of one
// family do not share one.
class alignas(64) Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (queue depth, open connections).
class alignas(64) Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Inc(double delta = 1) { value_.fetch_add(delta, std::memory_order_relaxed); }
  void Dec(double delta = 1) { value_.fetch_sub(delta, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted into fixed buckets (upper bounds, inclusive) plus their sum. The bucket
// bounds are shared with the family and outlive the histogram.
class Histogram {
 public:
  explicit Histogram(const std::vector<double>& bounds);

  // Lock-free: one binary search over the bounds and two relaxed atomic adds. NaN is counted in
  // the +Inf bucket (and makes the sum NaN, as in other Prometheus clients).
  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
  };
  // A point-in-time read. Buckets and count always agree; the sum may lag a concurrent Observe.
  Snapshot Read() const;

 private:
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1, per bucket
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds from 50µs to 10s: what a microsecond engine behind a network needs.
const std::vector<double>& DefaultLatencyBuckets();

namespace detail {

// Label values as a caller passed them, read as exactly `arity` values: a missing value reads as
// "" and surplus values are ignored (arity is a programming error, but one that must not crash
// a request). Compared with stored keys without allocating.
template <typename S>
struct LabelValues {
  const S* values;
  size_t count;
  size_t arity;
  std::string_view operator[](size_t i) const {
    return i < count ? std::string_view(values[i]) : std::string_view();
  }
};

// Orders stored keys (one value per label) and looks them up by LabelValues.
struct KeyLess {
  using is_transparent = void;
  bool operator()(const std::vector<std::string>& a, const std::vector<std::string>& b) const {
    return a < b;
  }
  template <typename S>
  bool operator()(const std::vector<std::string>& key, const LabelValues<S>& values) const {
    return Compare(key, values) < 0;
  }
  template <typename S>
  bool operator()(const LabelValues<S>& values, const std::vector<std::string>& key) const {
    return Compare(key, values) > 0;
  }
  template <typename S>
  static int Compare(const std::vector<std::string>& key, const LabelValues<S>& values) {
    for (size_t i = 0; i < key.size(); ++i) {
      if (const int c = std::string_view(key[i]).compare(values[i]); c != 0) return c;
    }
    return 0;
  }
};

// The series of one family by label values. Lookups of an existing series take a shared lock and
// allocate nothing; creating one takes the lock exclusively. Series are never removed.
template <typename T>
class SeriesMap {
 public:
  template <typename S, typename Make>
  T& Get(const S* values, size_t count, size_t arity, Make&& make) {
    const LabelValues<S> wanted{values, count, arity};
    {
      std::shared_lock lock(mu_);
      if (auto it = map_.find(wanted); it != map_.end()) return *it->second;
    }
    std::unique_lock lock(mu_);
    auto it = map_.find(wanted);
    if (it == map_.end()) {
      std::vector<std::string> key(arity);
      for (size_t i = 0; i < arity; ++i) key[i] = wanted[i];
      it = map_.emplace(std::move(key), make()).first;
    }
    return *it->second;
  }

  // fn(key, series) for every series in key order, under the shared lock.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    std::shared_lock lock(mu_);
    for (const auto& [key, series] : map_) fn(key, *series);
  }

  std::shared_mutex& mutex() const { return mu_; }

 private:
  mutable std::shared_mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>, KeyLess> map_;
};

}  // namespace detail

enum class Kind { kCounter, kGauge, kHistogram };

// What every family shares: name, help, label names, rendering. Owned by the Registry.
class Family {
 public:
  virtual ~Family() = default;
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  const std::string& name() const { return name_; }
  Kind kind() const { return kind_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Appends this family's # HELP, # TYPE and samples to `out`; nothing when it has no series.
  virtual void Render(std::string& out) const = 0;

 protected:
  Family(Kind kind, std::string name, std::string help, std::vector<std::string> label_names);

  // `name{a="x",b="y"` without the closing brace, for appending more labels ("le").
  void AppendSeriesName(std::string& out, std::string_view suffix,
                        const std::vector<std::string>& key) const;
  void AppendHeader(std::string& out) const;

 private:
  Kind kind_;
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

class CounterFamily final : public Family {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  // The series for these label values (one per label name), created at zero on first use.
  // Finding an existing series takes a shared lock and allocates nothing; still, keep the
  // reference where the label values are fixed.
  Counter& WithLabels(std::initializer_list<std::string_view> values);
  Counter& WithLabels(const std::vector<std::string>& values);
  void Render(std::string& out) const override;

 private:
  detail::SeriesMap<Counter> series_;
};

class GaugeFamily final : public Family {
 public:
  GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names);
  Gauge& WithLabels(std::initializer_list<std::string_view> values);
  Gauge& WithLabels(const std::vector<std::string>& values);
  // A series whose value is computed at scrape time. `read` runs under the family's (shared)
  // lock during Render, possibly in two scrapes at once: it must be cheap and thread-safe, must
  // not touch this registry, and must stay callable for the registry's lifetime. Replaces an
  // earlier callback for the same labels.
  void SetCallback(std::initializer_list<std::string_view> values, std::function<double()> read);
  void Render(std::string& out) const override;

 private:
  struct Series {
    Gauge gauge;
    std::function<double()> read;  // when set, overrides gauge
  };
  detail::SeriesMap<Series> series_;
};

class HistogramFamily final : public Family {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> bounds);
  Histogram& WithLabels(std::initializer_list<std::string_view> values);
  Histogram& WithLabels(const std::vector<std::string>& values);
  const std::vector<double>& bounds() const { return bounds_; }
  void Render(std::string& out) const override;

 private:
  const std::vector<double> bounds_;
  detail::SeriesMap<Histogram> series_;
};

// Owns every family. Families are rendered in registration order, series in label-value order.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  CounterFamily& AddCounterFamily(std::string name, std::string help,
                                  std::vector<std::string> label_names);
  GaugeFamily& AddGaugeFamily(std::string name, std::string help,
                              std::vector<std::string> label_names);
  HistogramFamily& AddHistogramFamily(std::string name, std::string help,
                                      std::vector<std::string> label_names,
                                      std::vector<double> bounds = DefaultLatencyBuckets());

  // Unlabelled shorthands: a family without labels and its one series.
  Counter& AddCounter(std::string name, std::string help);
  Gauge& AddGauge(std::string name, std::string help);
  void AddGaugeCallback(std::string name, std::string help, std::function<double()> read);
  Histogram& AddHistogram(std::string name, std::string help,
                          std::vector<double> bounds = DefaultLatencyBuckets());

  // The whole registry in the text exposition format (Content-Type
  // "text/plain; version=0.0.4; charset=utf-8").
  std::string Render() const;

 private:
  template <typename F, typename... Args>
  F& Add(Kind kind, std::string name, std::string help, std::vector<std::string> label_names,
         Args&&... args);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family>> families_;
};

// Text-format helpers, exposed for tests and for callers that render their own samples.
std::string EscapeLabelValue(std::string_view value);  // \ -> \\, " -> \", newline -> \n
std::string EscapeHelp(std::string_view help);         // \ -> \\, newline -> \n
std::string FormatValue(double value);                 // shortest round-trip; +Inf, -Inf, NaN

}  // namespace vigil::metrics
