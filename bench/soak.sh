#!/usr/bin/env bash
# Soak test of the sample app (not run in CI): does anything leak under a few minutes of mixed
# traffic? Heap after a full GC, open file descriptors and live threads of the app are sampled
# after a warm-up (the baseline), midway through the load and after it, and the run fails
# (exit 1) when one grew beyond its bound:
#
#   heap used after GC  <= 2 x baseline + 32 MiB  (the hot tier's 64 MB heap pool may still be
#                                                  filling after the warm-up; a leak keeps going)
#   open fds            <= baseline + 50          (a leaked stream, file or socket per request
#                                                  would be thousands)
#   live threads        <= baseline + 20          (same concurrency throughout: pools are full)
#
# The app runs as `java -Xmx256m -jar sample-app/target/sample-app-*.jar` on its own port with
# temp directories for its tiers, and its cold file tier held to COLD_MAX_ENTRIES entries
# (default 20000): every new article id adds one, and an index still filling towards its bound
# (at -Xmx256m, startup fits the default to about 210,000) grows the heap by some 300 bytes per
# entry. A bound the run reaches shows the heap flat once it is reached.
#
# wrk (or, without it, curl loops) sends, per 100 requests: 50 hits on /articles/{1..50}, 10
# misses on new article ids, 15 on /time (fresh 2 s, then stale-while-revalidate), 22 through the
# proxy route /proxy/items/{a..z}, 3 on /reports/{1..10}?sizeMb={1..8} (1-8 MiB streamed
# bodies). A cache must never turn into an
# error, so any non-2xx answer fails the run too.
#
# Usage, from the repository root:
#   bench/soak.sh [--minutes N] [--warmup SECONDS]
#
#   --minutes N       minutes of load after the warm-up (default 5)
#   --warmup SECONDS  warm-up load before the baseline is taken (default 30)
#
# Environment:
#   SKIP_BUILD=1       reuse the sample app jar already built
#   PORT=18282         the app's port on 127.0.0.1
#   WRK_CONNECTIONS=16 WRK_THREADS=2
#   COLD_MAX_ENTRIES=20000  daramjwee.cold.file.max-entries of the app
#   KEEP=1             keep the temp directory (app log, wrk output, class histograms) and print
#                      where it is
#
# Besides the bounds, the run prints the ten classes whose live bytes grew most between the
# midway and the final sample (`jcmd GC.class_histogram`, taken right after each sample), so a
# heap that ends higher than it was midway can be told apart from a cache tier still filling.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

minutes=5
warmup=30
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -ge 1 ]] || { echo "--minutes must be a whole number >= 1" >&2; exit 2; }
[[ "$warmup" =~ ^[0-9]+$ && "$warmup" -ge 5 ]] || { echo "--warmup must be a whole number >= 5" >&2; exit 2; }

port="${PORT:-18282}"
connections="${WRK_CONNECTIONS:-16}"
threads="${WRK_THREADS:-2}"
base="http://127.0.0.1:$port"
work="$(mktemp -d -t soak.XXXXXX)"
app_pid=""
load_pids=()

stop_load() {
  local p
  for p in "${load_pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  load_pids=()
}
stop_app() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
cleanup() {
  stop_load
  stop_app
  if [[ "${KEEP:-}" == "1" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- tools -----------------------------------------------------------------------------------
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v java >/dev/null 2>&1 || die "java is required"
command -v jcmd >/dev/null 2>&1 || die "jcmd (from the JDK) is required"
use_wrk=1
cut_total=0
command -v wrk >/dev/null 2>&1 || { use_wrk=0; echo "wrk not found: driving the load with curl loops"; }

# --- build and start -------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-}" != "1" ]] || ! compgen -G "sample-app/target/sample-app-*.jar" >/dev/null; then
  echo "building the sample app"
  ./mvnw -q -B -pl sample-app -am package -DskipTests
fi
jar=$(ls sample-app/target/sample-app-*.jar | grep -v -- '-plain\.jar$' | head -1)

java -Xmx256m -jar "$jar" --server.port="$port" \
  --daramjwee.hot.ehcache.directory="$work/ehcache" \
  --daramjwee.cold.file.directory="$work/cold" \
  --daramjwee.cold.file.max-entries="${COLD_MAX_ENTRIES:-20000}" >"$work/app.log" 2>&1 &
app_pid=$!
waited=0
until curl -sf -o /dev/null "$base/articles/1"; do
  kill -0 "$app_pid" 2>/dev/null || { tail -40 "$work/app.log" >&2; die "the app exited before it answered"; }
  (( waited < 1200 )) || { tail -40 "$work/app.log" >&2; die "the app did not answer within 120 s"; }
  sleep 0.1
  waited=$((waited + 1))
done
curl -s -D - -o /dev/null "$base/articles/1" | grep -qi '^cache-status: daramjwee; hit' \
  || die "/articles/1 is not a daramjwee hit on its second request"

# --- load ------------------------------------------------------------------------------------
cat >"$work/mix.lua" <<'LUA'
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  math.randomseed(os.time() * 100 + tid)
end
function request()
  local r = math.random(100)
  local path
  if r <= 50 then
    path = "/articles/" .. math.random(50)
  elseif r <= 60 then
    path = "/articles/" .. math.random(1000, 2000000000)
  elseif r <= 75 then
    path = "/time"
  elseif r <= 97 then
    path = "/proxy/items/" .. string.char(96 + math.random(26))
  else
    path = "/reports/" .. math.random(10) .. "?sizeMb=" .. math.random(8)
  end
  return wrk.format("GET", path)
end
LUA

curl_loop() { # seconds out-file: the same mix, one request at a time, counting non-2xx answers
  local end=$((SECONDS + $1)) n=0 bad=0 r path code
  while (( SECONDS < end )); do
    r=$((RANDOM % 100 + 1))
    if (( r <= 50 )); then path="/articles/$((RANDOM % 50 + 1))"
    elif (( r <= 60 )); then path="/articles/$((RANDOM * 32768 + RANDOM + 1000))"
    elif (( r <= 75 )); then path="/time"
    elif (( r <= 97 )); then path="/proxy/items/$(printf "\\$(printf '%03o' $((97 + RANDOM % 26)))")"
    else path="/reports/$((RANDOM % 10 + 1))?sizeMb=$((RANDOM % 8 + 1))"; fi
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path" || echo 000)
    n=$((n + 1))
    [[ "$code" == 2* ]] || bad=$((bad + 1))
  done
  echo "$n $bad" >"$2"
}

start_load() { # seconds name
  if (( use_wrk )); then
    wrk -t"$threads" -c"$connections" -d"$1s" --timeout 30s -s "$work/mix.lua" "$base" \
      >"$work/wrk-$2.out" 2>&1 &
    load_pids+=($!)
  else
    local i
    for ((i = 0; i < connections; i++)); do
      curl_loop "$1" "$work/curl-$2-$i.out" &
      load_pids+=($!)
    done
  fi
}

wait_load() { # name: waits for the load; sets load_requests and load_bad (non-2xx answers)
  local p requests=0 bad=0 f n b load_cut
  for p in "${load_pids[@]}"; do wait "$p" || true; done
  load_pids=()
  if (( use_wrk )); then
    f="$work/wrk-$1.out"
    requests=$(awk '/ requests in / { print $1 }' "$f")
    bad=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$f")
    [[ -n "$requests" ]] || { cat "$f" >&2; die "could not parse wrk output"; }
    # Read errors are answers cut short (a hit whose stream failed after its headers were sent);
    # counted and shown, not failed on: what this script judges is growth.
    load_cut=$(awk '/Socket errors:/ { gsub(",", ""); print $6 }' "$f")
    cut_total=$((cut_total + ${load_cut:-0}))
    grep -q "Socket errors" "$f" && echo "  note ($1): $(grep 'Socket errors' "$f" | sed 's/^ *//')" >&2
  else
    for f in "$work"/curl-"$1"-*.out; do
      read -r n b <"$f"; requests=$((requests + n)); bad=$((bad + b))
    done
  fi
  load_requests=$requests
  load_bad=${bad:-0}
}

# --- samples ---------------------------------------------------------------------------------
sample() { # -> "heap_used_kib fds threads rss_kib"
  jcmd "$app_pid" GC.run >/dev/null
  local heap
  heap=$(jcmd "$app_pid" GC.heap_info | awk '
    /Metaspace|class space/ { next }
    { if (match($0, / used [0-9]+K/)) { s = substr($0, RSTART + 6, RLENGTH - 7); sum += s } }
    END { print sum + 0 }')
  echo "$heap $(ls "/proc/$app_pid/fd" | wc -l)" \
    "$(awk '/^Threads:/ { print $2 }' "/proc/$app_pid/status")" \
    "$(awk '/^VmRSS:/ { print $2 }' "/proc/$app_pid/status")"
}

echo "soak: ${warmup}s warm-up, then ${minutes} min of mixed load, $(nproc) cores," \
  "$(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_load "$warmup" warmup
wait_load warmup; warm_requests=$load_requests warm_bad=$load_bad
read -r b_heap b_fds b_threads b_rss <<<"$(sample)"
echo "warm-up: $warm_requests requests, $warm_bad non-2xx"

total=$((minutes * 60))
half=$((total / 2))
start_load "$half" first-half
wait_load first-half; first_requests=$load_requests first_bad=$load_bad
read -r m_heap m_fds m_threads m_rss <<<"$(sample)"
jcmd "$app_pid" GC.class_histogram >"$work/histogram-midway.txt"
start_load "$((total - half))" second-half
wait_load second-half; second_requests=$load_requests second_bad=$load_bad
read -r a_heap a_fds a_threads a_rss <<<"$(sample)"
jcmd "$app_pid" GC.class_histogram >"$work/histogram-after.txt"

curl -s -D - -o /dev/null "$base/articles/1" | grep -qi '^cache-status: daramjwee; hit' \
  || die "/articles/1 is no longer a hit after the load"

heap_bound=$((2 * b_heap + 32 * 1024))
fd_bound=$((b_fds + 50))
thread_bound=$((b_threads + 20))
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo
printf '%-10s %10s %18s %8s %8s %10s\n' phase requests "heap after GC MiB" fds threads "RSS MiB"
printf '%-10s %10s %18s %8s %8s %10s\n' baseline "$warm_requests" "$(mib "$b_heap")" "$b_fds" "$b_threads" "$(mib "$b_rss")"
printf '%-10s %10s %18s %8s %8s %10s\n' midway "$first_requests" "$(mib "$m_heap")" "$m_fds" "$m_threads" "$(mib "$m_rss")"
printf '%-10s %10s %18s %8s %8s %10s\n' after "$second_requests" "$(mib "$a_heap")" "$a_fds" "$a_threads" "$(mib "$a_rss")"
printf '%-10s %10s %18s %8s %8s %10s\n' bound "" "$(mib "$heap_bound")" "$fd_bound" "$thread_bound" ""
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "answers cut short (wrk read errors), all phases: $cut_total of" \
  "$((warm_requests + first_requests + second_requests))"
echo
echo "live bytes grown most from midway to after (class histogram):"
awk '
  # rows: "num: instances bytes class [module]"
  FNR == 1 { phase++ }
  $1 ~ /^[0-9]+:$/ { key = $4; if (phase == 1) { mb[key] = $3; mi[key] = $2 } else { ab[key] = $3; ai[key] = $2 } }
  END {
    for (k in ab) printf "%d %d %s\n", ab[k] - mb[k], ai[k] - mi[k], k
    for (k in mb) if (!(k in ab)) printf "%d %d %s\n", -mb[k], -mi[k], k
  }' "$work/histogram-midway.txt" "$work/histogram-after.txt" \
  | sort -k1,1nr \
  `# awk, not head: head would close the pipe early, and pipefail would end the script here` \
  | awk 'NR <= 10 { printf "  %+10.1f KiB %+9d instances  %s\n", $1 / 1024, $2, $3 }'

failed=0
for phase in midway after; do
  if [[ $phase == midway ]]; then h=$m_heap f=$m_fds t=$m_threads; else h=$a_heap f=$a_fds t=$a_threads; fi
  (( h <= heap_bound )) || { echo "FAIL: heap after GC $phase $(mib "$h") MiB > $(mib "$heap_bound") MiB"; failed=1; }
  (( f <= fd_bound )) || { echo "FAIL: open fds $phase $f > $fd_bound"; failed=1; }
  (( t <= thread_bound )) || { echo "FAIL: threads $phase $t > $thread_bound"; failed=1; }
done
bad=$((warm_bad + first_bad + second_bad))
(( bad == 0 )) || { echo "FAIL: $bad non-2xx answers"; failed=1; }
if (( failed )); then exit 1; fi
echo "PASS: nothing grew beyond its bound; every answer was 2xx"
