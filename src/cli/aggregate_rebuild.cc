#include "cli/aggregate_rebuild.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "api/event_row.h"
#include "core/log.h"
#include "core/thread_name.h"
#include "engine/event_history.h"

namespace vigil::cli {

namespace {

// A stored event read and bound, with its stored label, on its way from the reading thread to
// the replaying one; shared, as a pending label holds it.
struct Replayed {
  engine::BoundHistoryEvent event;
  std::optional<std::string> label;
  int64_t label_micros = 0;
};
using ReplayedPtr = std::shared_ptr<const Replayed>;

// A stored label waiting for its time to come in the replay.
struct PendingLabel {
  int64_t label_micros;
  int64_t order;  // ties: the order the events were replayed in
  ReplayedPtr replayed;
  bool operator>(const PendingLabel& other) const {
    return std::tie(label_micros, order) > std::tie(other.label_micros, other.order);
  }
};

using LabelQueue =
    std::priority_queue<PendingLabel, std::vector<PendingLabel>, std::greater<PendingLabel>>;

constexpr int64_t kProgressEvery = 1'000'000;

// Applies the queued labels known by `until` (all of them when until is max).
void ApplyLabels(engine::HistoryReplayer& replayer, LabelQueue& labels, int64_t until) {
  while (!labels.empty() && labels.top().label_micros <= until) {
    const Replayed& r = *labels.top().replayed;
    replayer.Label(r.event, *r.label);
    labels.pop();
  }
}

// Batches from the reader to the replayer; bounded, so the reader never runs far ahead.
using Batch = std::vector<ReplayedPtr>;
class BatchQueue {
 public:
  void Push(Batch batch) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return batches_.size() < kMaxBatches; });
    batches_.push_back(std::move(batch));
    ready_.notify_one();
  }
  // An empty batch: the end.
  Batch Pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return !batches_.empty(); });
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    room_.notify_one();
    return batch;
  }

 private:
  static constexpr size_t kMaxBatches = 8;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<Batch> batches_;
};

constexpr size_t kBatch = 4096;

// Replays every batch into the windows, each stored label at its time.
void Replay(engine::HistoryReplayer& replayer, BatchQueue& queue,
            std::span<const rules::ListValues* const> lists) {
  NameThisThread("vigil-rebuild");
  LabelQueue labels;
  int64_t order = 0;
  for (Batch batch = queue.Pop(); !batch.empty(); batch = queue.Pop()) {
    for (ReplayedPtr& r : batch) {
      ApplyLabels(replayer, labels, r->event.event_micros);
      replayer.Count(r->event, lists);
      if (r->label) labels.push({r->label_micros, order++, std::move(r)});
    }
  }
  ApplyLabels(replayer, labels, std::numeric_limits<int64_t>::max());
}

// Reading, parsing and binding the stored rows takes about as long as replaying them into the
// windows, so the two run on two threads: this one reads, a second one replays in order. (The
// aggregate groups on threads of their own as well cost more CPU than they saved on 2 cores.)
Status Rebuild(store::Store& store, const engine::Snapshot& snapshot,
               const engine::CompiledEventType& event_type, RebuildReport& report) {
  const std::string& name = event_type.event_type->name;
  log::Info("rebuilding aggregates from the stored events", {{"event_type", name}});
  BatchQueue queue;
  engine::HistoryReplayer replayer(event_type);
  std::thread replaying(Replay, std::ref(replayer), std::ref(queue), snapshot.lists());
  Batch batch;
  batch.reserve(kBatch);
  const Status scanned = store.ScanEvents(name, [&](const store::StoredEvent& event) -> Status {
    auto fields = api::EventFields(event);
    auto bound = fields ? engine::BindHistoryEvent(
                              event_type, {event.event_id, event.event_micros, &*fields})
                        : Result<engine::BoundHistoryEvent>(std::unexpected(fields.error()));
    if (!bound) {
      ++report.skipped;
      return {};
    }
    auto r = std::make_shared<Replayed>(Replayed{std::move(*bound), {}, 0});
    if (event.label && event.label_micros) {
      r->label = *event.label;
      r->label_micros = *event.label_micros;
      ++report.labels;
    }
    batch.push_back(std::move(r));
    if (++report.events % kProgressEvery == 0) {
      log::Info("rebuilding aggregates", {{"event_type", name}, {"events", report.events}});
    }
    if (batch.size() == kBatch) {
      queue.Push(std::move(batch));
      batch = {};
      batch.reserve(kBatch);
    }
    return {};
  });
  if (!batch.empty()) queue.Push(std::move(batch));
  queue.Push({});
  replaying.join();
  VIGIL_CHECK(scanned);
  event_type.aggregates.MarkRebuilt();
  return {};
}

}  // namespace

Result<RebuildReport> RebuildAggregates(store::Store& store, const engine::Snapshot& snapshot,
                                        const std::vector<std::string>& event_types) {
  RebuildReport report;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& name : event_types) {
    const engine::CompiledEventType* event_type = snapshot.FindEventType(name);
    if (event_type == nullptr || event_type->aggregates.empty()) continue;
    VIGIL_CHECK(Rebuild(store, snapshot, *event_type, report));
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!event_types.empty()) {
    log::Info("aggregates rebuilt", {{"events", report.events},
                                     {"labels", report.labels},
                                     {"skipped", report.skipped},
                                     {"seconds", report.seconds}});
  }
  return report;
}

}  // namespace vigil::cli
