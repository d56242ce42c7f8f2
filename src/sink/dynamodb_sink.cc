#include "sink/dynamodb_sink.h"

#include <algorithm>

#include "core/log.h"
#include "core/thread_name.h"
#include "sink/dynamodb_item.h"
#include "sink/export_cursor.h"

namespace vigil::sink {

namespace bj = boost::json;

namespace {

constexpr size_t kBatchWriteLimit = 25;  // items per BatchWriteItem, DynamoDB's limit

}  // namespace

DynamoDbSink::DynamoDbSink(DynamoDbSinkOptions options, DynamoDbClient client,
                           store::Store& store, SinkMetrics& metrics, const Clock& clock)
    : options_(std::move(options)),
      client_(std::move(client)),
      cursor_name_(CursorName(client_.table())),
      store_(store),
      metrics_(metrics),
      clock_(clock) {}

DynamoDbSink::~DynamoDbSink() { Stop(); }

std::string DynamoDbSink::CursorName(const DynamoDbTable& table) {
  return "dynamodb " + table.endpoint + " " + table.table;
}

Status DynamoDbSink::Start() {
  VIGIL_TRY(cursor, LoadExportCursor(store_, cursor_name_));
  cursor_ = cursor;
  log::Info("dynamodb sink starting", {{"endpoint", client_.table().endpoint},
                                       {"table", client_.table().table},
                                       {"region", client_.table().region},
                                       {"exported_seq", cursor_}});
  thread_ = std::thread([this] { Run(); });
  return {};
}

void DynamoDbSink::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  wake_.notify_one();
}

void DynamoDbSink::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool DynamoDbSink::Wait(std::chrono::milliseconds timeout, bool wake_on_notify) {
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, timeout, [&] { return stopping_ || (wake_on_notify && notified_); });
  if (wake_on_notify) notified_ = false;
  return !stopping_;
}

bool DynamoDbSink::Backoff(int attempt) {
  const int64_t cap = std::min<int64_t>(options_.max_backoff.count(),
                                        options_.min_backoff.count() << std::min(attempt, 20));
  std::uniform_int_distribution<int64_t> draw(0, std::max<int64_t>(cap, 1));
  return Wait(std::chrono::milliseconds(draw(jitter_)), false);
}

void DynamoDbSink::NoteFailure(const std::string& what, const std::string& kind,
                               const std::string& message) {
  metrics_.RecordFailure(kind);
  // The first failure of a streak is logged, then every 100th: an outage must not flood the log.
  if (failure_streak_++ % 100 == 0) {
    log::Warn("dynamodb sink: " + what + " failed; retrying",
              {{"kind", kind}, {"error", message}, {"failures", failure_streak_}});
  }
}

void DynamoDbSink::NoteSuccess() {
  if (failure_streak_ > 0) {
    log::Info("dynamodb sink: the table takes writes again", {{"failures", failure_streak_}});
  }
  failure_streak_ = 0;
  metrics_.SetLastSuccess(clock_.NowMicros());
}

void DynamoDbSink::RefreshOutbox() {
  store::DecisionQuery newest;
  newest.limit = 1;
  auto head = store_.ListDecisions(newest);
  if (!head) return;  // the next round reports the store's trouble
  const int64_t head_seq = head->empty() ? 0 : head->front().seq;
  const int64_t pending = std::max<int64_t>(0, head_seq - cursor_);
  int64_t oldest_pending_micros = 0;
  if (pending > 0) {
    store::DecisionQuery next;
    next.after_seq = cursor_;
    next.before_seq = cursor_ + 2;
    next.limit = 1;
    auto oldest = store_.ListDecisions(next);
    if (oldest && !oldest->empty()) oldest_pending_micros = oldest->front().decided_micros;
  }
  metrics_.SetOutbox(cursor_, pending, oldest_pending_micros);
}

void DynamoDbSink::Run() {
  NameThisThread("vigil-dynamodb");
  for (int attempt = 0; options_.create_table;) {
    RefreshOutbox();
    auto created = client_.CreateTable();
    if (created) {
      NoteSuccess();
      break;
    }
    NoteFailure("CreateTable", created.error().kind, created.error().message);
    if (!Backoff(attempt++)) return;
  }
  for (;;) {
    RefreshOutbox();
    const bool delivered = DeliverRound();
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (!delivered && !Wait(options_.poll_interval, true)) return;
  }
}

bool DynamoDbSink::DeliverRound() {
  // seq runs 1, 2, 3, ... without gaps, so (cursor, cursor + n] is exactly the next n records.
  store::DecisionQuery query;
  query.after_seq = cursor_;
  query.before_seq = cursor_ + static_cast<int64_t>(options_.round_records) + 1;
  query.limit = options_.round_records;
  auto records = store_.ListDecisions(query);
  if (!records) {
    NoteFailure("reading the outbox", "store", records.error().message);
    Backoff(0);
    return false;
  }
  if (records->empty()) return false;
  std::reverse(records->begin(), records->end());  // ListDecisions is newest first

  std::vector<bj::object> chunk;
  size_t omitted = 0;
  for (size_t i = 0; i < records->size(); ++i) {
    auto item = DecisionItem((*records)[i]);
    if (!item) {
      // Only a bug gives a stored record that is not JSON; hold the cursor there, visibly.
      NoteFailure("mapping decision " + (*records)[i].event_id, "bad_record",
                  item.error().message);
      Backoff(20);
      return false;
    }
    omitted += item->contains("record_omitted") ? 1 : 0;
    chunk.push_back(std::move(*item));
    if (chunk.size() == kBatchWriteLimit || i + 1 == records->size()) {
      if (!WriteChunk(std::move(chunk), omitted)) return false;
      chunk.clear();
      omitted = 0;
    }
  }
  const int64_t last = records->back().seq;
  for (int attempt = 0;; ++attempt) {
    auto saved = SaveExportCursor(store_, cursor_name_, last);
    if (saved) break;
    NoteFailure("saving the export cursor", "store", saved.error().message);
    if (!Backoff(attempt)) break;  // delivered again after the restart: harmless
  }
  cursor_ = last;
  return true;
}

bool DynamoDbSink::WriteChunk(std::vector<bj::object> items, size_t omitted) {
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      // While the table refuses, the outbox grows: its metrics follow it between retries.
      metrics_.RecordRetry();
      RefreshOutbox();
    }
    auto unprocessed = client_.BatchWrite(items);
    if (!unprocessed) {
      NoteFailure("BatchWriteItem", unprocessed.error().kind, unprocessed.error().message);
    } else {
      NoteSuccess();
      const size_t written = items.size() - unprocessed->size();
      metrics_.RecordWritten(written, unprocessed->empty() ? omitted : 0);
      if (unprocessed->empty()) return true;
      metrics_.RecordUnprocessed(unprocessed->size());
      // Omitted records are counted once, with the call that leaves none unprocessed.
      items = std::move(*unprocessed);
    }
    if (!Backoff(attempt)) return false;
  }
}

}  // namespace vigil::sink
