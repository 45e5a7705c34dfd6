#!/usr/bin/env bash
# Load benchmark of DaramjweeFilter's hit path (docs/BENCHMARKS.md, "Filter hit path (load)").
#
# One embedded Tomcat (io.daramjwee.bench.FilterHitServer, test scope) serves the same preloaded
# body at /ceiling/x (no filter: the ceiling) and /cached/x (behind the filter, a fresh hit in
# tier 0). For each body size the server is started anew, both variants are warmed up, then wrk
# trials alternate ceiling, cached, ceiling, cached, ... and the medians and their ratio are
# printed, as "ratio hit/ceiling 1KiB: 0.93". Each trial also reports the CPU time per request of
# the server (from /proc) and of wrk (from `times`), figures less swayed than req/s by other load
# on the machine.
#
# Usage, from the repository root:
#   bench/filter-hit.sh [--quick] [--store memory|ehcache] [--sizes "1024 16384"]
#
#   --quick          3 trials of 5 s per variant (default: 5 trials of 10 s)
#   --store KIND     tier 0 of the cache: memory (default) or ehcache (an Ehcache heap pool)
#   --sizes LIST     body sizes in bytes, space-separated (default: "1024 16384")
#
# Environment:
#   SKIP_BUILD=1       reuse the compiled test classes and the saved classpath
#   PORT=18181         the server's port on 127.0.0.1
#   SERVER_JAVA_OPTS   extra JVM options for the server (e.g. a JFR recording)
#   WRK_CONNECTIONS=50 WRK_THREADS=1
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

trials=5
duration=10
store=memory
sizes="1024 16384"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) trials=3; duration=5; shift ;;
    --store) store="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$store" in memory|ehcache) ;; *) echo "--store must be memory or ehcache" >&2; exit 2 ;; esac

port="${PORT:-18181}"
connections="${WRK_CONNECTIONS:-50}"
threads="${WRK_THREADS:-1}"
module=daramjwee-servlet
cp_file="$module/target/filter-hit.classpath"
work="$(mktemp -d -t filter-hit.XXXXXX)"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- tools -----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk from the OS packages"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is not installed; install the OS package 'wrk' (e.g. sudo apt-get install -y wrk)"
  fi
fi
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v java >/dev/null 2>&1 || die "java is required"

# --- build -----------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-}" != "1" || ! -f "$cp_file" ]]; then
  echo "building test classes and the test classpath"
  ./mvnw -q -B -pl "$module" -am test-compile
  ./mvnw -q -B -pl "$module" dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
fi
[[ -f "$module/target/test-classes/io/daramjwee/bench/FilterHitServer.class" ]] \
  || die "FilterHitServer is not compiled; run without SKIP_BUILD=1"
clock_ticks=$(getconf CLK_TCK)
classpath="$module/target/test-classes:$module/target/classes:$(cat "$cp_file")"

# --- helpers ---------------------------------------------------------------------------------
label() { # bytes -> 1KiB, 16KiB, or 100B
  local b=$1
  if (( b % 1024 == 0 )); then echo "$((b / 1024))KiB"; else echo "${b}B"; fi
}

start_server() { # size
  local log="$work/server-$1.log"
  # shellcheck disable=SC2086
  java -Xmx1g ${SERVER_JAVA_OPTS:-} -cp "$classpath" io.daramjwee.bench.FilterHitServer \
    "$port" "$1" "$store" >"$log" 2>&1 &
  server_pid=$!
  local waited=0
  until grep -qs "^ready " "$log"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$log" >&2
      die "the server exited before it was ready"
    fi
    if (( waited >= 600 )); then # 60 s in tenths
      cat "$log" >&2
      die "the server was not ready within 60 s"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

verify() { # size
  local base="http://127.0.0.1:$port"
  curl -sf -D "$work/cached.head" -o "$work/cached.body" "$base/cached/x" \
    || die "GET /cached/x failed"
  curl -sf -o "$work/ceiling.body" "$base/ceiling/x" || die "GET /ceiling/x failed"
  grep -qi '^cache-status: daramjwee; hit' "$work/cached.head" || {
    cat "$work/cached.head" >&2
    die "/cached/x did not answer with 'Cache-Status: daramjwee; hit'"
  }
  cmp -s "$work/cached.body" "$work/ceiling.body" \
    || die "/cached/x and /ceiling/x answered different bytes"
  [[ "$(wc -c <"$work/ceiling.body")" -eq "$1" ]] || die "/ceiling/x is not $1 bytes"
}

server_cpu_ticks() { # utime + stime of the server, in clock ticks
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$server_pid/stat"
}

children_seconds() { # the user + system seconds of this shell's finished children, from `times`
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f\n", t }' "$1"
}

run_wrk() { # seconds path -> "req_per_s p99_ms server_cpu_us_per_request wrk_cpu_us_per_request"
  local out="$work/wrk.out" cpu_before cpu_after wrk_cpu
  cpu_before=$(server_cpu_ticks)
  times >"$work/times.before" # a builtin: no child of its own, so the diff is wrk's CPU
  wrk -t"$threads" -c"$connections" -d"$1s" --latency "http://127.0.0.1:$port$2" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed"; }
  times >"$work/times.after"
  cpu_after=$(server_cpu_ticks)
  wrk_cpu=$(awk -v a="$(children_seconds "$work/times.after")" \
    -v b="$(children_seconds "$work/times.before")" 'BEGIN { printf "%.3f", a - b }')
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    cat "$out" >&2
    die "wrk saw non-2xx answers on $2"
  fi
  if grep -q "Socket errors" "$out"; then
    echo "  note: $(grep 'Socket errors' "$out" | sed 's/^ *//') on $2" >&2
  fi
  awk -v ticks=$((cpu_after - cpu_before)) -v hz="$clock_ticks" -v wrk_cpu="$wrk_cpu" '
    / requests in / { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000
      p99 = v
    }
    END {
      if (rps == "" || p99 == "" || requests == "") exit 1
      printf "%.1f %.2f %.2f %.2f\n", rps, p99, ticks / hz * 1e6 / requests, wrk_cpu * 1e6 / requests
    }' "$out" || { cat "$out" >&2; die "could not parse wrk output"; }
}

median() { # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR % 2) printf "%.2f\n", a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# --- run -------------------------------------------------------------------------------------
echo "filter hit path: store=$store sizes=[$sizes] trials=$trials x ${duration}s" \
  "wrk -t$threads -c$connections, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
for size in $sizes; do
  name=$(label "$size")
  echo
  echo "== $name body =="
  start_server "$size"
  verify "$size"
  echo "verified: /cached/x is a daramjwee hit with the same $size bytes as /ceiling/x"
  run_wrk 5 /ceiling/x >/dev/null
  run_wrk 5 /cached/x >/dev/null
  ceiling_rps=(); ceiling_p99=(); ceiling_cpu=(); ceiling_wcpu=()
  cached_rps=(); cached_p99=(); cached_cpu=(); cached_wcpu=()
  for ((t = 1; t <= trials; t++)); do
    out=$(run_wrk "$duration" /ceiling/x); read -r rps p99 cpu wcpu <<<"$out"
    ceiling_rps+=("$rps"); ceiling_p99+=("$p99"); ceiling_cpu+=("$cpu"); ceiling_wcpu+=("$wcpu")
    printf 'trial %d ceiling %s: %10.1f req/s  p99 %7.2f ms  CPU/req server %6.2f us, wrk %6.2f us\n' \
      "$t" "$name" "$rps" "$p99" "$cpu" "$wcpu"
    out=$(run_wrk "$duration" /cached/x); read -r rps p99 cpu wcpu <<<"$out"
    cached_rps+=("$rps"); cached_p99+=("$p99"); cached_cpu+=("$cpu"); cached_wcpu+=("$wcpu")
    printf 'trial %d cached  %s: %10.1f req/s  p99 %7.2f ms  CPU/req server %6.2f us, wrk %6.2f us\n' \
      "$t" "$name" "$rps" "$p99" "$cpu" "$wcpu"
  done
  verify "$size" # still hits after the load
  stop_server
  c_rps=$(median "${ceiling_rps[@]}"); c_p99=$(median "${ceiling_p99[@]}")
  h_rps=$(median "${cached_rps[@]}"); h_p99=$(median "${cached_p99[@]}")
  c_cpu=$(median "${ceiling_cpu[@]}"); h_cpu=$(median "${cached_cpu[@]}")
  c_wcpu=$(median "${ceiling_wcpu[@]}"); h_wcpu=$(median "${cached_wcpu[@]}")
  ratio=$(awk -v h="$h_rps" -v c="$c_rps" 'BEGIN { printf "%.2f", h / c }')
  cpu_ratio=$(awk -v h="$h_cpu" -v c="$c_cpu" 'BEGIN { printf "%.2f", h / c }')
  printf 'median ceiling %s: %.1f req/s, p99 %.2f ms, CPU/req server %.2f us, wrk %.2f us\n' \
    "$name" "$c_rps" "$c_p99" "$c_cpu" "$c_wcpu"
  printf 'median cached  %s: %.1f req/s, p99 %.2f ms, CPU/req server %.2f us, wrk %.2f us\n' \
    "$name" "$h_rps" "$h_p99" "$h_cpu" "$h_wcpu"
  echo "server CPU per request hit/ceiling $name: $cpu_ratio"
  # What req/s would give if the two processes had the cores to themselves: CPU-bound throughput
  # is inversely proportional to the CPU one request costs, server and wrk together.
  cpu_bound=$(awk -v hs="$h_cpu" -v hw="$h_wcpu" -v cs="$c_cpu" -v cw="$c_wcpu" \
    'BEGIN { printf "%.2f", (cs + cw) / (hs + hw) }')
  echo "cpu-bound ratio hit/ceiling $name: $cpu_bound"
  results+=("cpu-bound ratio hit/ceiling $name: $cpu_bound")
  results+=("ratio hit/ceiling $name: $ratio")
  echo "ratio hit/ceiling $name: $ratio"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "summary (store=$store):"
printf '%s\n' "${results[@]}"
