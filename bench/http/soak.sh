#!/usr/bin/env bash
# Memory over a long run at moderate load: vigil serve (example detector, durable store) under the
# open-loop generator for MINUTES (default 10) at RATE requests per second (default: half of what
# a 10-second wrk run reaches first), sampling vigil's VmRSS every SAMPLE_SECONDS (default 5).
# Passes when, after the warm-up (the first minute, or the first fifth of a shorter run), RSS
# neither ends nor peaks more than 10% above its value at the end of the warm-up.
#   bench/http/soak.sh [MINUTES] [RATE]
# Writes the samples to $SOAK_OUT/rss-<time>.csv (default build/soak) and, with gnuplot, a plot
# beside them (.png). Exit status 0 on pass, 1 on fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-10}
rate=${2:-}
connections=${CONNECTIONS:-64}
interval=${SAMPLE_SECONDS:-5}
out=${SOAK_OUT:-build/soak}
vigil=${VIGIL_BIN:-build/src/cli/vigil}
open_loop=${OPEN_LOOP_BIN:-build/bench/loadgen/open_loop}
die() { echo "soak: $*" >&2; exit 2; }
case $minutes in '' | *[!0-9]* | 0) die "MINUTES must be a whole number >= 1, got '$minutes'" ;; esac
case $rate in *[!0-9]*) die "RATE must be a whole number of requests/s, got '$rate'" ;; esac
for tool in "$vigil" "$open_loop"; do
  [ -x "$tool" ] || die "$tool is not built (make build)"
done
work=$(mktemp -d /tmp/vigil-soak.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v gnuplot >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox \
    >/dev/null 2>&1 || echo "soak: gnuplot is not available; no plot" >&2
fi
if [ -z "$rate" ] && ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

port=18090
"$vigil" serve --port "$port" --data-dir "$work/data" --access-log false \
  --apply examples/transaction_detector.yaml 2>"$work/vigil.log" &
vigil_pid=$!
for _ in $(seq 100); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 0.05; done
curl -sf "localhost:$port/healthz" >/dev/null || die "vigil did not start: $(cat "$work/vigil.log")"

if [ -z "$rate" ]; then
  max=$(wrk -t2 -c"$connections" -d10s -s bench/http/detect.lua "http://127.0.0.1:$port/" \
    | sed -n 's/^RESULT.* rps=\([0-9]*\).*/\1/p')
  rate=$((max / 2))
  echo "# max run: $max requests/s with wrk -t2 -c$connections -d10s; soak at half: $rate"
fi
[ "$rate" -gt 0 ] || die "the rate came out as 0"

mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
csv="$out/rss-$stamp.csv"
seconds=$((minutes * 60))
warmup=$((seconds / 5 < 60 ? seconds / 5 : 60))
echo "# $(date -u +%FT%TZ) $(nproc) cores, soak ${minutes} min at $rate requests/s over" \
  "$connections connections, VmRSS every ${interval}s, warm-up ${warmup}s"

# The sampler: seconds since the start of the load, VmRSS in KiB.
echo "seconds,rss_kib" >"$csv"
(
  start=$(date +%s.%N)
  while kill -0 "$vigil_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$vigil_pid/status" 2>/dev/null) || break
    now=$(date +%s.%N)
    awk -v s="$start" -v n="$now" -v r="$rss" 'BEGIN { printf "%.1f,%d\n", n - s, r }' >>"$csv"
    sleep "$interval"
  done
) &
sampler=$!

"$open_loop" --port "$port" --rate "$rate" --duration "$seconds" --connections "$connections" \
  --realtime \
  | sed 's/^RESULT/vigil-soak/'
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
if ! kill -0 "$vigil_pid" 2>/dev/null; then
  echo "soak: vigil died during the run: $(tail -5 "$work/vigil.log")" >&2
  exit 1
fi

# The summary, against the last sample of the warm-up: max is the highest sample after it.
status=0
awk -F, -v warmup="$warmup" -v limit=10 '
  NR == 1 { next }
  { if ($1 <= warmup || base == "") base = $2; else if ($2 > peak) peak = $2
    last = $2; n++ }
  END {
    if (peak == "") peak = base
    change = (last - base) * 100 / base; rise = (peak - base) * 100 / base
    pass = change <= limit && rise <= limit
    printf "rss samples=%d after_warmup_kib=%d end_kib=%d max_kib=%d change=%+.1f%%", n, base, last, peak, change
    printf " max_rise=%+.1f%% %s (limit %d%%)\n", rise, pass ? "PASS" : "FAIL", limit
    exit pass ? 0 : 1
  }' "$csv" || status=1
echo "samples: $csv"

if command -v gnuplot >/dev/null; then
  png="${csv%.csv}.png"
  gnuplot <<GNUPLOT && echo "plot: $png"
set terminal png size 800,400
set output '$png'
set datafile separator ','
set title 'vigil VmRSS, ${minutes} min at $rate requests/s'
set xlabel 'seconds'
set ylabel 'MiB'
set yrange [0:*]
set key off
set grid
plot '$csv' using 1:(\$2/1024.0) every ::1 with lines lw 2
GNUPLOT
fi
exit $status
