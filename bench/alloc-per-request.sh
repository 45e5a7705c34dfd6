#!/usr/bin/env bash
# Bytes a running JVM allocates per request, all threads together, while wrk drives one URL.
#
#   [WARMUP=30] bench/alloc-per-request.sh PID URL [SECONDS] [--unique]
#
# Starts a JFR recording on PID with only jdk.ThreadAllocationStatistics (every second), lets wrk
# (-t1 -c50) warm the path up for WARMUP seconds under that recording (starting a recording
# deoptimises compiled code, and an interpreted path allocates what escape analysis would remove;
# a warm-up that ends too early shows as a lower req/s and more bytes), then measures SECONDS
# (default 8): the per-thread allocation totals read just before and just after the measured
# run, summed over every thread, divided by the requests wrk made. --unique gives every request
# its own query (?r=n), as the miss variants of http-compare.sh do.
#
# Needs jcmd and jfr (the JDK's), wrk and python3. The recording is stopped on exit.
set -euo pipefail

(( $# >= 2 )) || { sed -n '2,13p' "$0" >&2; exit 2; }
pid=$1 url=$2 secs=${3:-8} unique=${4:-}
work=$(mktemp -d)
trap 'jcmd "$pid" JFR.stop name=alloc >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
python3 - "$java_home/lib/jfr/default.jfc" "$work/alloc.jfc" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'(<setting name="enabled"[^>]*>)true(</setting>)', r'\1false\2', s)
s = re.sub(r'(<event name="jdk.ThreadAllocationStatistics">\s*<setting name="enabled"[^>]*>)\w+'
           r'(</setting>\s*<setting name="period"[^>]*>)[^<]*', r'\1true\g<2>1 s', s)
open(sys.argv[2], 'w').write(s)
PY

script=()
if [[ "$unique" == "--unique" ]]; then
  printf '%s\n' 'local n = 0' 'request = function()' '  n = n + 1' \
    '  return wrk.format(nil, wrk.path .. "?r=" .. n)' 'end' >"$work/unique.lua"
  script=(-s "$work/unique.lua")
fi

jcmd "$pid" JFR.start name=alloc settings="$work/alloc.jfc" maxage=5m >/dev/null
wrk -t1 -c50 -d"${WARMUP:-30}s" "${script[@]}" "$url" >/dev/null # warm-up under the recording
snapshot() {
  sleep 1.2 # one more period, so the totals are read after the run
  jcmd "$pid" JFR.dump name=alloc filename="$work/$1.jfr" >/dev/null
  jfr print --json --events jdk.ThreadAllocationStatistics "$work/$1.jfr" >"$work/$1.json"
}
snapshot before
out=$(wrk -t1 -c50 -d"${secs}s" "${script[@]}" "$url")
snapshot after
requests=$(awk '/requests in/{print $1}' <<<"$out")
rate=$(awk '/Requests\/sec/{print $2}' <<<"$out")

python3 - "$work/before.json" "$work/after.json" "$requests" "$rate" "$url" <<'PY'
import json, sys
def totals(path):
    latest = {}
    for e in json.load(open(path))["recording"]["events"]:
        v = e["values"]
        thread = v["thread"]["javaThreadId"] if v.get("thread") else None
        if thread not in latest or v["startTime"] >= latest[thread][0]:
            latest[thread] = (v["startTime"], v["allocated"])
    return {t: a for t, (_, a) in latest.items()}
before, after = totals(sys.argv[1]), totals(sys.argv[2])
allocated = sum(a - before.get(t, 0) for t, a in after.items())
print(f"{sys.argv[5]}: {int(sys.argv[3])} requests, {sys.argv[4]} req/s, "
      f"{allocated / int(sys.argv[3]):.0f} bytes allocated per request")
PY
