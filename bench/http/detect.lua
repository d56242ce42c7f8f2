-- wrk script: seed-style /detect bodies with a fresh event id per request and varied accounts,
-- amounts and IP addresses. Prints one machine-readable summary line at the end.
local counter = 0
prefix = ""  -- a global: thread:set assigns globals of the thread's Lua state
local threads = 0

-- Runs in wrk's main Lua state once per thread: each thread gets its own id prefix, and the time
-- keeps the ids of one run from repeating those of an earlier run against the same store.
function setup(thread)
  threads = threads + 1
  thread:set("prefix", string.format("%d-%d", os.time(), threads))
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"event_id":"b%s-%d","transaction_amount":%d.%02d,"ip_address":"10.%d.%d.%d","account_id":"acct_%d"}',
    prefix, counter, counter % 15000, counter % 100, counter % 7, counter % 250, counter % 200,
    counter % 5000)
  return wrk.format("POST", "/detect", {["content-type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d errors=%d rps=%.0f p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
