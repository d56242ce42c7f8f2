#include "training/history_replay.h"

#include <condition_variable>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "api/event_row.h"
#include "core/thread_name.h"

namespace vigil::training {

namespace {

// Shared: a pending label holds the event until the label's time comes.
using ReplayedPtr = std::shared_ptr<const ReplayedEvent>;

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

// Applies the queued labels known by `until` (all of them when until is max).
void ApplyLabels(engine::HistoryReplayer& replayer, LabelQueue& labels, int64_t until) {
  while (!labels.empty() && labels.top().label_micros <= until) {
    const ReplayedEvent& r = *labels.top().replayed;
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
void Replay(const engine::CompiledEventType& event_type, BatchQueue& queue,
            std::span<const rules::ListValues* const> lists, const ReplayHooks& hooks) {
  NameThisThread("vigil-replay");
  engine::HistoryReplayer replayer(event_type);
  LabelQueue labels;
  int64_t order = 0;
  for (Batch batch = queue.Pop(); !batch.empty(); batch = queue.Pop()) {
    for (ReplayedPtr& r : batch) {
      ApplyLabels(replayer, labels, r->event.event_micros);
      if (hooks.visit) {
        hooks.visit(*r, replayer.CountAndRead(r->event, lists));
      } else {
        replayer.Count(r->event, lists);
      }
      if (r->label) labels.push({r->label_micros, order++, std::move(r)});
    }
  }
  ApplyLabels(replayer, labels, std::numeric_limits<int64_t>::max());
}

}  // namespace

Status ReplayStoredEvents(store::Store& store, const engine::Snapshot& snapshot,
                          const engine::CompiledEventType& event_type, const ReplayHooks& hooks,
                          ReplayCounts& counts) {
  BatchQueue queue;
  std::thread replaying(Replay, std::cref(event_type), std::ref(queue), snapshot.lists(),
                        std::cref(hooks));
  Batch batch;
  batch.reserve(kBatch);
  int64_t read = 0;
  std::vector<std::pair<std::string, Value>> fields;  // reused from event to event
  const Status scanned = store.ScanEvents(
      event_type.event_type->name, [&](const store::StoredEvent& event) -> Status {
        if (hooks.progress && ++read % hooks.progress_every == 0) hooks.progress(read);
        const Status read_fields = api::EventFields(event, fields);
        auto bound = read_fields
                         ? engine::BindHistoryEvent(event_type,
                                                    {event.event_id, event.event_micros, &fields})
                         : Result<engine::BoundHistoryEvent>(std::unexpected(read_fields.error()));
        if (!bound) {
          ++counts.skipped;
          return {};
        }
        auto r = std::make_shared<ReplayedEvent>(ReplayedEvent{std::move(*bound), {}, 0});
        if (event.label && event.label_micros) {
          r->label = *event.label;
          r->label_micros = *event.label_micros;
          ++counts.labels;
        }
        batch.push_back(std::move(r));
        ++counts.events;
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
  return scanned;
}

}  // namespace vigil::training
