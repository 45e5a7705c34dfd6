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
# With --compare-redis, each size runs two servers at once, one with an Ehcache heap tier 0 and
# one with a Redis tier 0 (a redis-server the server starts as its child), and the trials
# alternate ceiling (on the Ehcache server), Ehcache hit and Redis hit; it prints
# "ratio redis/ehcache 16KiB: 0.85" and the like. The Redis hit's CPU per request is the server's
# plus the redis-server's (shown apart as "redis"), and the Redis commands each hit cost are
# counted from INFO commandstats. With --near-cache BYTES the Redis tier 0 has a near cache of that
# size (RedisStoreBuilder.nearCacheSize): a repeated hit is then answered from the JVM's heap, kept
# coherent by Redis's client tracking, and costs no command.
#
# Usage, from the repository root:
#   bench/filter-hit.sh [--quick] [--store memory|ehcache|redis] [--sizes "1024 16384"]
#   bench/filter-hit.sh [--quick] --compare-redis [--near-cache BYTES] [--sizes "1024 16384"]
#
#   --quick          3 trials of 5 s per variant (default: 5 trials of 10 s)
#   --store KIND     tier 0 of the cache: memory (default), ehcache (an Ehcache heap pool) or
#                    redis (a RedisStore on a local redis-server; its CPU is shown apart)
#   --compare-redis  ceiling, Ehcache hit and Redis hit side by side (two servers: PORT, PORT+1)
#   --near-cache N   the Redis store's near cache, in bytes (default 0: off)
#   --sizes LIST     body sizes in bytes, space-separated (default: "1024 16384")
#
# Environment:
#   SKIP_BUILD=1       reuse the compiled test classes and the saved classpath
#   PORT=18181         the server's port on 127.0.0.1 (and PORT+1 with --compare-redis)
#   SERVER_JAVA_OPTS   extra JVM options for the server (e.g. a JFR recording)
#   WRK_CONNECTIONS=50 WRK_THREADS=1
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib/wrk-stats.sh # cpu_ticks, children_seconds_between, wrk_figures, median, ratio

trials=5
duration=10
store=memory
compare_redis=0
sizes="1024 16384"
near_cache=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) trials=3; duration=5; shift ;;
    --store) store="$2"; shift 2 ;;
    --compare-redis) compare_redis=1; shift ;;
    --sizes) sizes="$2"; shift 2 ;;
    --near-cache) near_cache="$2"; shift 2 ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$store" in
  memory|ehcache|redis) ;;
  *) echo "--store must be memory, ehcache or redis" >&2; exit 2 ;;
esac

port="${PORT:-18181}"
connections="${WRK_CONNECTIONS:-50}"
threads="${WRK_THREADS:-1}"
module=daramjwee-servlet
cp_file="$module/target/filter-hit.classpath"
work="$(mktemp -d -t filter-hit.XXXXXX)"
server_pid=""  # the server of the default mode
server_pids=() # every server started and not yet stopped

stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  server_pids=()
  server_pid=""
}
cleanup() {
  stop_servers
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

start_server() { # size store port -> started_pid
  local log="$work/server-$2-$1.log"
  # shellcheck disable=SC2086
  REDIS_NEAR_CACHE="$near_cache" java -Xmx1g ${SERVER_JAVA_OPTS:-} -cp "$classpath" \
    io.daramjwee.bench.FilterHitServer "$3" "$1" "$2" >"$log" 2>&1 &
  started_pid=$!
  server_pids+=("$started_pid")
  local waited=0
  until grep -qs "^ready " "$log"; do
    if ! kill -0 "$started_pid" 2>/dev/null; then
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

redis_of() { # size -> "redis_port redis_server_pid" of the redis server started for that size
  local rport rpid
  rport=$(awk '/^redis / { print $2 }' "$work/server-redis-$1.log")
  rpid=$(pgrep -P "$started_pid" | head -1)
  [[ -n "$rport" && -n "$rpid" ]] && grep -qs redis "/proc/$rpid/comm" \
    || die "cannot find the redis-server of the server (port '$rport', pid '$rpid')"
  echo "$rport $rpid"
}

verify() { # size port
  local base="http://127.0.0.1:$2"
  curl -sf -D "$work/cached.head" -o "$work/cached.body" "$base/cached/x" \
    || die "GET $base/cached/x failed"
  curl -sf -o "$work/ceiling.body" "$base/ceiling/x" || die "GET $base/ceiling/x failed"
  grep -qi '^cache-status: daramjwee; hit' "$work/cached.head" || {
    cat "$work/cached.head" >&2
    die "$base/cached/x did not answer with 'Cache-Status: daramjwee; hit'"
  }
  cmp -s "$work/cached.body" "$work/ceiling.body" \
    || die "$base/cached/x and /ceiling/x answered different bytes"
  [[ "$(wc -c <"$work/ceiling.body")" -eq "$1" ]] || die "$base/ceiling/x is not $1 bytes"
}

# seconds port path server_pid [redis_pid]
#   -> "req_per_s p99_ms server_cpu_us wrk_cpu_us redis_cpu_us requests" (CPU per request)
run_wrk() {
  local out="$work/wrk.out" cpu_before cpu_after aux_before aux_after wrk_cpu
  cpu_before=$(cpu_ticks "$4"); aux_before=$(cpu_ticks "${5:-}")
  times >"$work/times.before" # a builtin: no child of its own, so the diff is wrk's CPU
  wrk -t"$threads" -c"$connections" -d"$1s" --latency "http://127.0.0.1:$2$3" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed"; }
  times >"$work/times.after"
  cpu_after=$(cpu_ticks "$4"); aux_after=$(cpu_ticks "${5:-}")
  wrk_cpu=$(children_seconds_between "$work/times.before" "$work/times.after")
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    cat "$out" >&2
    die "wrk saw non-2xx answers on :$2$3"
  fi
  if grep -q "Socket errors" "$out"; then
    echo "  note: $(grep 'Socket errors' "$out" | sed 's/^ *//') on :$2$3" >&2
  fi
  local figures rps p99 requests
  figures=$(wrk_figures "$out") || { cat "$out" >&2; die "could not parse wrk output"; }
  read -r rps p99 requests <<<"$figures"
  awk -v rps="$rps" -v p99="$p99" -v n="$requests" -v ticks=$((cpu_after - cpu_before)) \
    -v aux=$((aux_after - aux_before)) -v hz="$clock_ticks" -v wrk_cpu="$wrk_cpu" 'BEGIN {
      printf "%.1f %.2f %.2f %.2f %.2f %d\n", rps, p99, ticks / hz * 1e6 / n,
        wrk_cpu * 1e6 / n, aux / hz * 1e6 / n, n }'
}

redis_stats() { # redis port -> "command calls" lines from INFO commandstats
  local reply
  reply=$(exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'INFO commandstats\r\nQUIT\r\n' >&3 \
    && timeout 5 cat <&3) || die "cannot read INFO commandstats from redis at port $1"
  awk -F'[:=,]' '/^cmdstat_/ { sub(/^cmdstat_/, "", $1); print $1, $3 }' <<<"$reply"
}

per_hit() { # before after requests -> "1.00 (get 1.00)": commands per request, less INFO/QUIT
  awk -v n="$3" 'FNR == NR { before[$1] = $2; next }
    $1 != "info" && $1 != "quit" && $2 > before[$1] {
      d = $2 - before[$1]; total += d; detail = detail sprintf(" %s %.2f,", $1, d / n) }
    END { sub(/,$/, "", detail); printf "%.2f (%s)\n", total / n, substr(detail, 2) }' "$1" "$2"
}

# --- run -------------------------------------------------------------------------------------
run_default() { # size: ceiling against a hit in tier 0 of one server
  local size=$1 name out rps p99 cpu wcpu rcpu reqs t redis_pid="" extra
  name=$(label "$size")
  echo
  echo "== $name body =="
  start_server "$size" "$store" "$port"
  server_pid=$started_pid
  if [[ "$store" == redis ]]; then
    redis_pid=$(redis_of "$size")
    redis_pid=${redis_pid#* }
  fi
  verify "$size" "$port"
  echo "verified: /cached/x is a daramjwee hit with the same $size bytes as /ceiling/x"
  run_wrk 5 "$port" /ceiling/x "$server_pid" >/dev/null
  run_wrk 5 "$port" /cached/x "$server_pid" "$redis_pid" >/dev/null
  local ceiling_rps=() ceiling_p99=() ceiling_cpu=() ceiling_wcpu=()
  local cached_rps=() cached_p99=() cached_cpu=() cached_wcpu=() cached_rcpu=()
  for ((t = 1; t <= trials; t++)); do
    out=$(run_wrk "$duration" "$port" /ceiling/x "$server_pid")
    read -r rps p99 cpu wcpu rcpu reqs <<<"$out"
    ceiling_rps+=("$rps"); ceiling_p99+=("$p99"); ceiling_cpu+=("$cpu"); ceiling_wcpu+=("$wcpu")
    printf 'trial %d ceiling %s: %10.1f req/s  p99 %7.2f ms  CPU/req server %6.2f us, wrk %6.2f us\n' \
      "$t" "$name" "$rps" "$p99" "$cpu" "$wcpu"
    out=$(run_wrk "$duration" "$port" /cached/x "$server_pid" "$redis_pid")
    read -r rps p99 cpu wcpu rcpu reqs <<<"$out"
    cached_rps+=("$rps"); cached_p99+=("$p99"); cached_cpu+=("$cpu"); cached_wcpu+=("$wcpu")
    cached_rcpu+=("$rcpu")
    extra=""; [[ -n "$redis_pid" ]] && extra=$(printf ', redis %6.2f us' "$rcpu")
    printf 'trial %d cached  %s: %10.1f req/s  p99 %7.2f ms  CPU/req server %6.2f us, wrk %6.2f us%s\n' \
      "$t" "$name" "$rps" "$p99" "$cpu" "$wcpu" "$extra"
  done
  verify "$size" "$port" # still hits after the load
  stop_servers
  local c_rps c_p99 h_rps h_p99 c_cpu h_cpu c_wcpu h_wcpu h_rcpu cpu_ratio cpu_bound
  c_rps=$(median "${ceiling_rps[@]}"); c_p99=$(median "${ceiling_p99[@]}")
  h_rps=$(median "${cached_rps[@]}"); h_p99=$(median "${cached_p99[@]}")
  c_cpu=$(median "${ceiling_cpu[@]}"); h_cpu=$(median "${cached_cpu[@]}")
  c_wcpu=$(median "${ceiling_wcpu[@]}"); h_wcpu=$(median "${cached_wcpu[@]}")
  h_rcpu=$(median "${cached_rcpu[@]}")
  printf 'median ceiling %s: %.1f req/s, p99 %.2f ms, CPU/req server %.2f us, wrk %.2f us\n' \
    "$name" "$c_rps" "$c_p99" "$c_cpu" "$c_wcpu"
  extra=""; [[ -n "$redis_pid" ]] && extra=$(printf ', redis %.2f us' "$h_rcpu")
  printf 'median cached  %s: %.1f req/s, p99 %.2f ms, CPU/req server %.2f us, wrk %.2f us%s\n' \
    "$name" "$h_rps" "$h_p99" "$h_cpu" "$h_wcpu" "$extra"
  echo "server CPU per request hit/ceiling $name: $(ratio "$h_cpu" "$c_cpu")"
  # What req/s would give if the processes had the cores to themselves: CPU-bound throughput is
  # inversely proportional to the CPU one request costs, server, redis-server and wrk together.
  cpu_bound=$(awk -v hs="$h_cpu" -v hw="$h_wcpu" -v hr="$h_rcpu" -v cs="$c_cpu" -v cw="$c_wcpu" \
    'BEGIN { printf "%.2f", (cs + cw) / (hs + hw + hr) }')
  echo "cpu-bound ratio hit/ceiling $name: $cpu_bound"
  results+=("cpu-bound ratio hit/ceiling $name: $cpu_bound")
  results+=("ratio hit/ceiling $name: $(ratio "$h_rps" "$c_rps")")
  echo "ratio hit/ceiling $name: $(ratio "$h_rps" "$c_rps")"
}

run_compare() { # size: ceiling, Ehcache hit and Redis hit, two servers
  local size=$1 name out rps p99 cpu wcpu rcpu reqs t v
  name=$(label "$size")
  echo
  echo "== $name body =="
  local redis_port=$((port + 1)) ehcache_jvm redis_jvm rport redis_pid
  start_server "$size" ehcache "$port"; ehcache_jvm=$started_pid
  start_server "$size" redis "$redis_port"; redis_jvm=$started_pid
  redis_pid=$(redis_of "$size")
  rport=${redis_pid% *}; redis_pid=${redis_pid#* }
  verify "$size" "$port"
  verify "$size" "$redis_port"
  echo "verified: /cached/x on :$port (Ehcache) and :$redis_port (Redis at :$rport) are daramjwee" \
    "hits with the same $size bytes as /ceiling/x"
  local -A v_port=([ceiling]=$port [ehcache]=$port [redis]=$redis_port)
  local -A v_path=([ceiling]=/ceiling/x [ehcache]=/cached/x [redis]=/cached/x)
  local -A v_pid=([ceiling]=$ehcache_jvm [ehcache]=$ehcache_jvm [redis]=$redis_jvm)
  local -A v_aux=([ceiling]="" [ehcache]="" [redis]=$redis_pid)
  local -A m_rps=() m_p99=() m_cpu=() m_wcpu=() m_rcpu=()
  for v in ceiling ehcache redis; do
    run_wrk 5 "${v_port[$v]}" "${v_path[$v]}" "${v_pid[$v]}" "${v_aux[$v]}" >/dev/null
  done
  redis_stats "$rport" >"$work/redis.before"
  local redis_requests=0
  for ((t = 1; t <= trials; t++)); do
    for v in ceiling ehcache redis; do
      out=$(run_wrk "$duration" "${v_port[$v]}" "${v_path[$v]}" "${v_pid[$v]}" "${v_aux[$v]}")
      read -r rps p99 cpu wcpu rcpu reqs <<<"$out"
      m_rps[$v]+=" $rps"; m_p99[$v]+=" $p99"; m_cpu[$v]+=" $cpu"; m_wcpu[$v]+=" $wcpu"
      m_rcpu[$v]+=" $rcpu"
      [[ "$v" == redis ]] && redis_requests=$((redis_requests + reqs))
      printf 'trial %d %-7s %s: %10.1f req/s  p99 %7.2f ms  CPU/req server %6.2f us, wrk %6.2f us' \
        "$t" "$v" "$name" "$rps" "$p99" "$cpu" "$wcpu"
      if [[ "$v" == redis ]]; then printf ', redis %6.2f us\n' "$rcpu"; else echo; fi
    done
  done
  redis_stats "$rport" >"$work/redis.after"
  verify "$size" "$port" # still hits after the load
  verify "$size" "$redis_port"
  stop_servers
  local -A rps_m=() p99_m=() cpu_m=() wcpu_m=() rcpu_m=()
  for v in ceiling ehcache redis; do
    # shellcheck disable=SC2086 # word splitting of the space-separated trials is meant
    rps_m[$v]=$(median ${m_rps[$v]}); p99_m[$v]=$(median ${m_p99[$v]})
    # shellcheck disable=SC2086
    cpu_m[$v]=$(median ${m_cpu[$v]}); wcpu_m[$v]=$(median ${m_wcpu[$v]})
    # shellcheck disable=SC2086
    rcpu_m[$v]=$(median ${m_rcpu[$v]})
    printf 'median %-7s %s: %.1f req/s, p99 %.2f ms, CPU/req server %.2f us, wrk %.2f us' \
      "$v" "$name" "${rps_m[$v]}" "${p99_m[$v]}" "${cpu_m[$v]}" "${wcpu_m[$v]}"
    if [[ "$v" == redis ]]; then printf ', redis %.2f us\n' "${rcpu_m[$v]}"; else echo; fi
  done
  echo "redis commands per hit $name: $(per_hit "$work/redis.before" "$work/redis.after" \
    "$redis_requests")"
  local a b line
  for pair in "ehcache ceiling" "redis ceiling" "redis ehcache"; do
    read -r a b <<<"$pair"
    line="ratio $a/$b $name: $(ratio "${rps_m[$a]}" "${rps_m[$b]}")"
    echo "$line"; results+=("$line")
    # CPU-bound: the CPU a request costs the server, its redis-server and wrk, together.
    line="cpu-bound ratio $a/$b $name: $(awk -v a="${cpu_m[$a]}" -v aw="${wcpu_m[$a]}" \
      -v ar="${rcpu_m[$a]}" -v b="${cpu_m[$b]}" -v bw="${wcpu_m[$b]}" -v br="${rcpu_m[$b]}" \
      'BEGIN { printf "%.2f", (b + bw + br) / (a + aw + ar) }')"
    echo "$line"; results+=("$line")
  done
}

mode="store=$store"
(( compare_redis )) && mode="ceiling, ehcache and redis"
(( near_cache > 0 )) && mode="$mode, redis near cache $near_cache bytes"
echo "filter hit path: $mode sizes=[$sizes] trials=$trials x ${duration}s" \
  "wrk -t$threads -c$connections, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
for size in $sizes; do
  if (( compare_redis )); then run_compare "$size"; else run_default "$size"; fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "summary ($mode):"
printf '%s\n' "${results[@]}"
