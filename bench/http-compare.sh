#!/usr/bin/env bash
# Side-by-side load benchmark (docs/BENCHMARKS.md, "Side by side (load)").
#
# Starts on 127.0.0.1, from the starter's test classpath, up to three JVMs of
# io.daramjwee.spring.bench.CompareServer (a Spring Boot app, Boot's defaults, -Xmx1g) and one
# nginx, then drives wrk (-t1 -c50) against each variant in turn, for 1 KiB, 16 KiB and 1 MiB:
#
#   raw        plain JVM                             GET /raw/N: a servlet filter first in the chain
#                                                    writes preloaded bytes, no Spring MVC dispatch
#                                                    (RawCeiling): the raw-Tomcat ceiling
#   ceiling    plain JVM (daramjwee.enabled=false)  GET /ceiling/N: a controller, preloaded bytes
#   ehcache    JVM with hot.type=ehcache             GET /cached/N: @Daramjwee hot hit
#   memory     JVM with hot.type=memory              GET /cached/N: @Daramjwee hot hit
#   first      JVM with hot.type=ehcache and the     GET /cached/N: the same hit with the filter
#              filter first (filter-order)           at the chain's head, where raw sits
#   cacheable  plain JVM                             GET /cacheable/N: @Cacheable + Caffeine hit
#   nginx      nginx proxy_cache -> plain JVM        GET /ceiling/N: X-Cache-Status: HIT
#   nofilter   plain JVM                             GET /nofilter/N?r=<unique>: no-store, no filter
#   miss       JVM with hot.type=ehcache             GET /nostore/N?r=<unique>: @Daramjwee miss of a
#                                                    no-store response (passed through, not stored)
#   miss-first the "first" JVM                       GET /nostore/N?r=<unique>: that miss with the
#                                                    filter at the chain's head
#
# Every variant is checked first (same bytes as /ceiling/N; a cache variant must be a hit) and
# again after the load. Per size: one warm-up per variant, then trials alternating the variants
# (A B C ... A B C ...; all eight unless --variants chooses), medians printed with p99 and the
# server's CPU per request. Only the JVMs the chosen variants need are started (the plain one
# always: it answers the reference bytes), and nginx only for its variant or the large object.
# Then the large object: a 2 GiB file served by nginx as the origin, proxied by a CompareServer
# run with -Xmx128m and a file hot tier (daramjwee.routes[0] with an upstream), fetched as a miss
# and then as a hit with checksums compared, and its hit MB/s printed beside nginx proxy_cache
# serving the same object as a hit. Ends with the ratio lines of the variants that ran, such as
#   ratio hit/ceiling 1KiB: 0.93      (hit = @Daramjwee on Ehcache, the starter's default tier)
#   ratio hit/raw 1KiB: 0.80          (hit-memory/raw: the MemoryStore hit against the same)
#   ratio hit/nginx 1KiB: 0.71
#   ratio miss/nofilter 1MiB: 0.97
# each followed by the median of the rounds' own ratios (a round runs every variant once, one
# after the other, so a slow spell of the shared machine weighs on both sides of it), with the
# lowest and highest, and the ratio by server CPU per request (baseline's over the variant's).
#
# Usage, from the repository root:
#   bench/http-compare.sh [--quick] [--sizes "1024 16384 1048576"] [--big-size BYTES]
#                         [--variants "raw ehcache memory"] [--trials N] [--duration S]
#
#   --quick          3 trials of 1 s, warm-ups of 1 s, 1 KiB and 1 MiB only, a 256 MiB large
#                    object (default: 3 trials of 10 s, warm-ups of 5 s, all sizes, 2 GiB); about
#                    100 s with the build: a smoke test of the script, not a measurement
#   --trials N       trials per variant (default 3)
#   --duration S     seconds per trial (default 10; --quick: 1)
#   --warmup S       seconds of each variant's warm-up per size (default 5; --quick: 1)
#   --sizes LIST     body sizes, of 1024, 16384 and 1048576 (default: all three)
#   --variants LIST  the variants to run, of raw ceiling ehcache memory first cacheable nginx
#                    nofilter miss miss-first, in that order whatever the order given (default:
#                    all but first and miss-first, which only separate placement from work); a quick
#                    A/B of one path, e.g. --variants "nofilter miss" --big-size 0
#   --big-size B     the large object's size in bytes; 0 skips it
#
# Environment:
#   SKIP_BUILD=1       reuse the compiled test classes and the saved classpath
#   PORT=18481         the first of the eight loopback ports used (PORT .. PORT+7)
#   WRK_CONNECTIONS=50 WRK_THREADS=1
#
# Installs wrk, nginx and openssl from the OS packages when missing (apt-get, as root). Its
# helpers live in bench/lib (wrk-stats.sh, compare-*.sh: servers, measuring, the large
# object), sourced here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

trials=3
duration=10
warmup=5
sizes="1024 16384 1048576"
big_size=$((2 * 1024 * 1024 * 1024))
big_runs=3
big_set=""
sizes_set=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --trials) trials="$2"; shift 2 ;;
    --sizes) sizes="$2"; sizes_set=1; shift 2 ;;
    --big-size) big_size="$2"; big_set=1; shift 2 ;;
    --duration) duration="$2"; duration_set=1; shift 2 ;;
    --warmup) warmup="$2"; warmup_set=1; shift 2 ;;
    --variants) chosen="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [[ -n "${quick:-}" ]]; then
  [[ -n "${duration_set:-}" ]] || duration=1
  [[ -n "${warmup_set:-}" ]] || warmup=1
  big_runs=1
  [[ -n "$sizes_set" ]] || sizes="1024 1048576"
  [[ -n "$big_set" ]] || big_size=$((256 * 1024 * 1024))
fi
for size in $sizes; do
  case "$size" in 1024|16384|1048576) ;; *) echo "sizes are 1024, 16384, 1048576" >&2; exit 2 ;; esac
done
(( trials >= 1 )) || { echo "--trials must be at least 1" >&2; exit 2; }
for v in ${chosen:-}; do
  case " raw ceiling ehcache memory first cacheable nginx nofilter miss miss-first " in
    *" $v "*) ;;
    *) echo "unknown variant '$v'; the variants are raw ceiling ehcache memory first" \
         "cacheable nginx nofilter miss miss-first" >&2; exit 2 ;;
  esac
done
(( duration >= 1 && warmup >= 1 )) \
  || { echo "--duration and --warmup must be at least 1" >&2; exit 2; }

base_port="${PORT:-18481}"
plain_port=$base_port           # daramjwee.enabled=false
ehcache_port=$((base_port + 1)) # hot.type=ehcache
memory_port=$((base_port + 2))  # hot.type=memory
nginx_port=$((base_port + 3))   # proxy_cache in front of the plain JVM
origin_port=$((base_port + 4))  # nginx serving the large object's file
nginx_big_port=$((base_port + 5)) # proxy_cache in front of the origin
big_port=$((base_port + 6))     # the -Xmx128m app with a proxy route to the origin
first_port=$((base_port + 7))   # hot.type=ehcache, the filter first in the chain
connections="${WRK_CONNECTIONS:-50}"
threads="${WRK_THREADS:-1}"
module=daramjwee-spring-boot-starter
cp_file="$module/target/http-compare.classpath"
work="$(mktemp -d -t http-compare.XXXXXX)"
declare -A jvm_pid=()
nginx_pid=""
started=$(date +%s)

stop_pid() {
  local pid=$1
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  local name
  for name in "${!jvm_pid[@]}"; do stop_pid "${jvm_pid[$name]}"; done
  stop_pid "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- tools -----------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} from the OS packages"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing ${missing[*]}; install the OS packages (e.g. sudo apt-get install -y ${missing[*]})"
  fi
fi
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
# The Debian package starts a system nginx on port 80; ours is a separate instance.
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v java >/dev/null 2>&1 || die "java is required"

# --- build -----------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-}" != "1" || ! -f "$cp_file" ]]; then
  echo "building the starter's test classes and its test classpath"
  # One reactor run: daramjwee-servlet resolves to its freshly compiled classes, so a fresh clone
  # needs nothing installed. Each module writes the file in turn; the starter, built last, wins.
  ./mvnw -q -B -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
fi
[[ -f "$module/target/test-classes/io/daramjwee/spring/bench/CompareServer.class" ]] \
  || die "CompareServer is not compiled; run without SKIP_BUILD=1"
classpath="$module/target/test-classes:$module/target/classes:$(cat "$cp_file")"
clock_ticks=$(getconf CLK_TCK)

# --- helpers: bench/lib ---------------------------------------------------------------------
source bench/lib/wrk-stats.sh
source bench/lib/compare-servers.sh
source bench/lib/compare-measure.sh
source bench/lib/compare-large.sh

# The variants: name -> "port path-prefix pid-source"; the miss variants get a unique query.
declare -A v_port=([raw]=$plain_port [ceiling]=$plain_port [ehcache]=$ehcache_port
  [memory]=$memory_port [cacheable]=$plain_port [nginx]=$nginx_port [nofilter]=$plain_port
  [miss]=$ehcache_port [first]=$first_port [miss-first]=$first_port)
declare -A v_path=([raw]=/raw [ceiling]=/ceiling [ehcache]=/cached [memory]=/cached
  [cacheable]=/cacheable [nginx]=/ceiling [nofilter]=/nofilter [miss]=/nostore [first]=/cached
  [miss-first]=/nostore)
all_variants=(raw ceiling ehcache memory first cacheable nginx nofilter miss miss-first)
variants=()
for v in "${all_variants[@]}"; do
  if [[ -z "${chosen:-}" ]]; then
    [[ "$v" == first || "$v" == miss-first ]] || variants+=("$v")
  elif [[ " $chosen " == *" $v "* ]]; then
    variants+=("$v")
  fi
done
(( ${#variants[@]} > 0 )) || die "--variants chose none"
has() { [[ " ${variants[*]} " == *" $1 "* ]]; } # variant -> whether it runs
declare -A v_title=([raw]="raw Tomcat (filter, preloaded bytes)"
  [ceiling]="ceiling (controller, no filter)" [ehcache]="@Daramjwee hit, Ehcache heap"
  [memory]="@Daramjwee hit, MemoryStore" [cacheable]="@Cacheable + Caffeine hit"
  [nginx]="nginx proxy_cache hit" [nofilter]="no filter, no-store (miss baseline)"
  [miss]="@Daramjwee miss, no-store" [first]="@Daramjwee hit, Ehcache, filter first"
  [miss-first]="@Daramjwee miss, no-store, filter first")

cat >"$work/unique.lua" <<'EOF'
-- every request a new query, so a miss is a miss of its own (no coalescing on one key)
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?r=" .. n)
end
EOF

# --- servers ---------------------------------------------------------------------------------
echo "http-compare: sizes=[$sizes] trials=$trials x ${duration}s, warm-up ${warmup}s," \
  "wrk -t$threads -c$connections, $(nproc) cores, $(java -version 2>&1 | head -1)," \
  "$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "variants: ${variants[*]}"
if has nginx || (( big_size > 0 )); then
  write_nginx_conf
  start_nginx
fi
common=(--daramjwee.cold.type=none)
jvms=(plain)
start_jvm plain "$plain_port" 1g --daramjwee.enabled=false
if has ehcache || has miss; then
  # pass-for=0: a no-store answer does not make its key skip the cache, so every miss request
  # takes the whole miss path (lookup, flight, response wrapper, storability decision).
  start_jvm ehcache "$ehcache_port" 1g "${common[@]}" --daramjwee.hot.type=ehcache \
    --daramjwee.hot.ehcache.heap-size=256MB --daramjwee.pass-for=0
  jvms+=(ehcache)
fi
if has memory; then
  start_jvm memory "$memory_port" 1g "${common[@]}" --daramjwee.hot.type=memory \
    --daramjwee.hot.memory.capacity=256MB
  jvms+=(memory)
fi
if has first || has miss-first; then
  # The same as the ehcache JVM, with the filter at the head of the chain (just after raw's).
  start_jvm first "$first_port" 1g "${common[@]}" --daramjwee.hot.type=ehcache \
    --daramjwee.hot.ehcache.heap-size=256MB --daramjwee.pass-for=0 \
    --daramjwee.filter-order=-2147483647
  jvms+=(first)
fi
for name in "${jvms[@]}"; do
  case $name in
    plain) p=$plain_port ;; ehcache) p=$ehcache_port ;; memory) p=$memory_port ;;
    first) p=$first_port ;;
  esac
  wait_ready "$name" "$p"
done
echo "servers ready after $(( $(date +%s) - started )) s"

# --- load ------------------------------------------------------------------------------------
declare -A med_rps=() med_p99=() med_cpu=() med_wcpu=() all_rps=()
for size in $sizes; do
  name=$(label "$size")
  echo
  echo "== $name body =="
  verify "$size" before
  calls_before=$(cacheable_calls)
  echo "verified: same $size bytes from every variant;" \
    "each cache variant a hit, the miss not stored"
  for v in "${variants[@]}"; do run_wrk "$warmup" "$v" "$size" >/dev/null; done
  declare -A r_rps=() r_p99=() r_cpu=() r_wcpu=()
  for ((t = 1; t <= trials; t++)); do
    for v in "${variants[@]}"; do
      read -r rps p99 cpu wcpu <<<"$(run_wrk "$duration" "$v" "$size")"
      r_rps[$v]+="$rps "; r_p99[$v]+="$p99 "; r_cpu[$v]+="$cpu "; r_wcpu[$v]+="$wcpu "
      printf 'trial %d %-9s %6s: %10.1f req/s  p99 %7.2f ms  CPU/req server %7.2f us, wrk %6.2f us\n' \
        "$t" "$v" "$name" "$rps" "$p99" "$cpu" "$wcpu"
    done
  done
  verify "$size" after
  calls_after=$(cacheable_calls)
  [[ "$calls_after" == "$calls_before" ]] \
    || die "the @Cacheable method ran during the load ($calls_before -> $calls_after calls)"
  echo "verified again after the load; the @Cacheable method ran $calls_after times in all (only on its first requests)"
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    { med_rps[$v,$size]=$(median ${r_rps[$v]}); med_p99[$v,$size]=$(median ${r_p99[$v]})
      med_cpu[$v,$size]=$(median ${r_cpu[$v]}); med_wcpu[$v,$size]=$(median ${r_wcpu[$v]}); }
    all_rps[$v,$size]="${r_rps[$v]% }"
  done
  unset r_rps r_p99 r_cpu r_wcpu
done
echo
echo "load average after the load: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${jvms[@]}"; do stop_pid "${jvm_pid[$name]}"; unset "jvm_pid[$name]"; done

# --- the large object ------------------------------------------------------------------------
big_lines=()
if (( big_size > 0 )); then
  large_object "$big_size" "$big_runs"
fi

# --- summary ---------------------------------------------------------------------------------
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(( $(date +%s) - started )) s in all"
echo
echo "| body | variant | req/s (median) | p99 ms | server CPU/req us | wrk CPU/req us | trials req/s |"
echo "|---|---|---:|---:|---:|---:|---|"
for size in $sizes; do
  for v in "${variants[@]}"; do
    printf '| %s | %s | %.0f | %.1f | %.1f | %.1f | %s |\n' "$(label "$size")" "${v_title[$v]}" \
      "${med_rps[$v,$size]}" "${med_p99[$v,$size]}" "${med_cpu[$v,$size]}" "${med_wcpu[$v,$size]}" \
      "$(echo "${all_rps[$v,$size]}" | awk '{ for (i = 1; i <= NF; i++) printf "%s%.0f", (i > 1 ? ", " : ""), $i }')"
  done
done
echo
ratio_line() { # title variant baseline size: printed when both ran
  # Beside the ratio of medians: the median of each round's own ratio (the two ran one after the
  # other, so a slow spell of the shared machine weighs on both), and the ratio by server CPU.
  has "$2" && has "$3" \
    && echo "ratio $1 $(label "$4"): $(ratio "${med_rps[$2,$4]}" "${med_rps[$3,$4]}");" \
      "paired by round $(paired "$2" "$3" "$4");" \
      "by server CPU/req $(ratio "${med_cpu[$3,$4]}" "${med_cpu[$2,$4]}")"
  return 0
}
for size in $sizes; do
  ratio_line hit/ceiling ehcache ceiling "$size"
  ratio_line hit-memory/ceiling memory ceiling "$size"
  ratio_line hit/raw ehcache raw "$size"
  ratio_line hit-memory/raw memory raw "$size"
  ratio_line hit-first/raw first raw "$size"
  ratio_line ceiling/raw ceiling raw "$size"
  ratio_line cacheable/ceiling cacheable ceiling "$size"
  ratio_line nginx/ceiling nginx ceiling "$size"
  ratio_line hit/nginx ehcache nginx "$size"
  ratio_line hit-memory/nginx memory nginx "$size"
  ratio_line hit/cacheable ehcache cacheable "$size"
  ratio_line miss/nofilter miss nofilter "$size"
  ratio_line miss-first/nofilter miss-first nofilter "$size"
done
(( ${#big_lines[@]} == 0 )) || printf '%s\n' "${big_lines[@]}"
