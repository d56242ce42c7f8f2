#!/usr/bin/env bash
# End-to-end /detect throughput and latency, side by side with nginx serving a fixed body of the
# same size as vigil's answer (the limit of HTTP on this machine), with the same wrk settings.
# Then the latency at moderate load: the open-loop generator (bench/loadgen) at half of the rps
# vigil just reached, for the same duration and connections, against nginx and then vigil.
#   bench/http/run.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-64}
vigil=${VIGIL_BIN:-build/src/cli/vigil}
open_loop=${OPEN_LOOP_BIN:-build/bench/loadgen/open_loop}
work=$(mktemp -d /tmp/vigil-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT

if ! command -v wrk >/dev/null || [ ! -x /usr/sbin/nginx ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
fi

vigil_port=18080
nginx_port=18081
"$vigil" serve --port "$vigil_port" --data-dir "$work/data" --access-log false \
  --apply examples/transaction_detector.yaml 2>"$work/vigil.log" &
for _ in $(seq 100); do curl -sf "localhost:$vigil_port/healthz" >/dev/null && break; sleep 0.05; done

# nginx answers with a body of exactly the size of vigil's answer.
answer=$(curl -s -X POST "localhost:$vigil_port/detect" -H 'content-type: application/json' \
  -d '{"event_id":"size-probe","transaction_amount":1000,"ip_address":"123.45.67.89","account_id":"user_789"}')
fixed=$(printf '%s' "$answer" | sed "s/'/x/g")
cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { default_type application/json; return 200 '$fixed'; }
  }
}
NGINX
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 100); do curl -sf -X POST "localhost:$nginx_port/detect" >/dev/null && break; sleep 0.05; done

run() {  # name port
  wrk -t2 -c"$connections" -d"${duration}s" -s bench/http/detect.lua "http://127.0.0.1:$2/" \
    | grep '^RESULT' | sed "s/^RESULT/$1/"
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, wrk -t2 -c$connections -d${duration}s, answer ${#answer} bytes"
nginx_line=$(run nginx "$nginx_port")
vigil_line=$(run vigil "$vigil_port")
echo "$nginx_line"
echo "$vigil_line"
nginx_rps=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$nginx_line")
vigil_rps=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$vigil_line")
awk -v v="$vigil_rps" -v n="$nginx_rps" 'BEGIN { printf "ratio vigil/nginx = %.2f\n", v / n }'

# Open loop at 50% of vigil's maximum: latency counted from each request's due time, so a stall
# counts against every request that should have been sent during it. The generator runs at normal
# priority: under SCHED_FIFO it preempts the server's threads at every wake-up, which on two cores
# tripled Vigil's median (bench/README.md). OPEN_LOOP_REALTIME=1 brings --realtime back, for a
# machine so busy that the generator itself runs late (its `late=` count says so).
rate=$((vigil_rps / 2))
realtime=()
[ "${OPEN_LOOP_REALTIME:-0}" = 1 ] && realtime=(--realtime)
open_run() {  # name port
  "$open_loop" --port "$2" --rate "$rate" --duration "$duration" --connections "$connections" \
    "${realtime[@]}" | sed "s/^RESULT/$1/"
}
echo "# open loop at 50% of vigil's rps: $rate requests/s for ${duration}s over" \
  "$connections connections"
nginx_open=$(open_run nginx-open "$nginx_port")
vigil_open=$(open_run vigil-open "$vigil_port")
echo "$nginx_open"
echo "$vigil_open"
# The durability baseline: a durable answer waits for at least one fdatasync of this disk.
echo "disk $(build/bench/loadgen/fsync_latency --dir "$work" | sed 's/^RESULT //') (fdatasync of 32 KiB, same file system)"
p99() { sed 's/.* p99_us=\([0-9]*\).*/\1/' <<<"$1"; }
awk -v v="$(p99 "$vigil_open")" -v n="$(p99 "$nginx_open")" -v r="$rate" \
  'BEGIN { printf "p99 vigil/nginx at %d rps = %.1f\n", r, v / (n > 0 ? n : 1) }'
