#!/usr/bin/env bash
# One program under 16 keep-alive clients submitting and verifying reports, over HTTP, on the packaged
# application at production settings (embedded store with fsync, bcrypt users, no demo).
# Usage: bench/one-program.sh JAR LABEL [PORT] [SECONDS]   (WARMUP=20 seconds first; run it under flock /tmp/maven.lock)
set -euo pipefail
JAR=$1; LABEL=$2; PORT=${3:-18201}; SECONDS_RUN=${4:-30}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/one-program-$LABEL}; rm -rf "$OUT"; mkdir -p "$OUT"
hash() { htpasswd -bnBC 10 "" "$1" | tr -d ':\n'; }
java -jar "$JAR" --server.port="$PORT" --ledger.storage.data-dir="$OUT/data" \
  --ledger.storage.embedded-port=$((PORT + 1)) \
  "--ledger.users.officer1.password={bcrypt}$(hash officer1)" --ledger.users.officer1.roles=FINANCE_OFFICER \
  "--ledger.users.officer2.password={bcrypt}$(hash officer2)" --ledger.users.officer2.roles=FINANCE_OFFICER \
  > "$OUT/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
api() { curl -sf -u officer1:officer1 -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$PORT$1" -d "$2" >/dev/null; }
api /api/programs '{"programId":"ONE","name":"One program","fiscalYear":2025,"currency":"CNY","budget":"100000000",
  "agencyAnnualCap":"100000000","rules":{"headcount":{"minNights":1,"tiers":[{"fromTourist":1,"ratePerTourist":"10.00"}]}}}'
for a in $(seq -w 0 15); do
  api /api/agencies "{\"agencyId\":\"A$a\",\"name\":\"Agency $a\",\"licenseNo\":\"L-$a\"}"
  api /api/programs/ONE/enrollments "{\"agencyId\":\"A$a\"}"
done
export PROGRAM=ONE AGENCIES=16 SUBMITTER=officer1:officer1 VERIFIER=officer2:officer2
RUN=warm wrk -t2 -c16 -d"${WARMUP:-20}s" --latency -s "$HERE/one-program.lua" "http://127.0.0.1:$PORT" > "$OUT/warmup.txt"
scrape() { curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | grep '^axon_command_bus_handling_seconds_\(sum\|count\)' > "$OUT/$1.prom" || true; }
scrape before
( sleep $((SECONDS_RUN / 2)); jstack "$APP" > "$OUT/jstack-1.txt"; sleep 2; jstack "$APP" > "$OUT/jstack-2.txt" ) &
DUMPS=$!
RUN=run wrk -t2 -c16 -d"${SECONDS_RUN}s" --latency -s "$HERE/one-program.lua" "http://127.0.0.1:$PORT" | tee "$OUT/run.txt"
wait "$DUMPS" # not a bare wait: that would wait for the application itself
scrape after
# mean time in the command bus (lock wait, load, decide, append) over the measured run, successes only
awk '/outcome="success"/ { v[FILENAME, $1 ~ /_sum/ ? "s" : "c"] += $2 }
     END { printf "command bus, mean per successful command: %.1f ms\n",
           1000 * (v[ARGV[2], "s"] - v[ARGV[1], "s"]) / (v[ARGV[2], "c"] - v[ARGV[1], "c"]) }' \
  "$OUT/before.prom" "$OUT/after.prom" | tee -a "$OUT/run.txt"
echo "warm-up: $(tail -1 "$OUT/warmup.txt")"
