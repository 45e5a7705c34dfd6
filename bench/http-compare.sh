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
# Installs wrk, nginx and openssl from the OS packages when missing (apt-get, as root).
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

# --- helpers ---------------------------------------------------------------------------------
label() { # bytes -> 1KiB, 16KiB, 1MiB
  local b=$1
  if (( b % 1048576 == 0 )); then echo "$((b / 1048576))MiB"
  elif (( b % 1024 == 0 )); then echo "$((b / 1024))KiB"; else echo "${b}B"; fi
}

start_jvm() { # name port heap args... (returns at once; wait_ready waits)
  local name=$1 port=$2 heap=$3
  shift 3
  java "-Xmx$heap" -cp "$classpath" io.daramjwee.spring.bench.CompareServer \
    --server.address=127.0.0.1 --server.port="$port" "$@" >"$work/$name.log" 2>&1 &
  jvm_pid[$name]=$!
}

wait_ready() { # name port
  local name=$1 port=$2 waited=0
  until curl -sf -o /dev/null "http://127.0.0.1:$port/ceiling/1024"; do
    if ! kill -0 "${jvm_pid[$name]}" 2>/dev/null; then
      cat "$work/$name.log" >&2
      die "the $name server exited before it was ready"
    fi
    (( waited < 1200 )) || { cat "$work/$name.log" >&2; die "the $name server was not ready in 120 s"; }
    sleep 0.1
    waited=$((waited + 1))
  done
}

write_nginx_conf() {
  mkdir -p "$work/nginx/logs" "$work/nginx/cache" "$work/nginx/cache-big" "$work/origin"
  local user_line=""
  # A master started as root would run its workers as nobody, who cannot use the temp dir.
  [[ "$(id -u)" -eq 0 ]] && user_line="user root;"
  cat >"$work/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy_temp;
  fastcgi_temp_path $work/nginx/fastcgi_temp;
  uwsgi_temp_path $work/nginx/uwsgi_temp;
  scgi_temp_path $work/nginx/scgi_temp;
  proxy_cache_path $work/nginx/cache levels=1:2 keys_zone=small:10m max_size=1g inactive=60m use_temp_path=off;
  proxy_cache_path $work/nginx/cache-big levels=1:2 keys_zone=big:1m max_size=8g inactive=60m use_temp_path=off;
  upstream app { server 127.0.0.1:$plain_port; keepalive 32; }

  # proxy_cache in front of the plain application
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache small;
      proxy_cache_valid 200 10m;
      add_header X-Cache-Status \$upstream_cache_status;
    }
  }
  # the large object's origin: a static file
  server {
    listen 127.0.0.1:$origin_port;
    root $work/origin;
  }
  # proxy_cache in front of that origin, for the large-object comparison
  server {
    listen 127.0.0.1:$nginx_big_port;
    location / {
      proxy_pass http://127.0.0.1:$origin_port;
      proxy_cache big;
      proxy_cache_valid 200 10m;
      add_header X-Cache-Status \$upstream_cache_status;
    }
  }
}
EOF
}

start_nginx() {
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -t -q 2>"$work/nginx/test.log" \
    || { cat "$work/nginx/test.log" >&2; die "nginx rejected its config"; }
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>>"$work/nginx/logs/error.log" &
  nginx_pid=$!
  local waited=0
  until curl -s -o /dev/null "http://127.0.0.1:$origin_port/"; do
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/logs/error.log" >&2; die "nginx exited"; }
    (( waited < 100 )) || die "nginx did not answer in 10 s"
    sleep 0.1
    waited=$((waited + 1))
  done
}

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

server_pids() { # variant -> the pids whose CPU a request costs
  case "$1" in
    raw|ceiling|cacheable|nofilter) echo "${jvm_pid[plain]}" ;;
    ehcache|miss) echo "${jvm_pid[ehcache]}" ;;
    memory) echo "${jvm_pid[memory]}" ;;
    first|miss-first) echo "${jvm_pid[first]}" ;;
    nginx) echo "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')" ;;
  esac
}

cpu_ticks() { # pids... -> utime + stime, in clock ticks
  local pid total=0 t
  for pid in "$@"; do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

fetch() { # url headfile bodyfile
  curl -sf -D "$2" -o "$3" "$1" || die "GET $1 failed"
}

header_has() { # headfile regex
  grep -qiE "$2" "$1"
}

verify() { # size phase
  local size=$1 phase=$2 name url
  local expected="$work/expected-$size"
  fetch "http://127.0.0.1:$plain_port/ceiling/$size" "$work/h" "$expected"
  [[ "$(wc -c <"$expected")" -eq "$size" ]] || die "/ceiling/$size is not $size bytes"
  for name in "${variants[@]}"; do
    url="http://127.0.0.1:${v_port[$name]}${v_path[$name]}/$size"
    case "$name" in
      ehcache|memory|first)
        local tries=0
        fetch "$url" "$work/h" "$work/b"
        until header_has "$work/h" '^cache-status: daramjwee; hit'; do
          (( tries < 50 )) || { cat "$work/h" >&2; die "$name $url is not a daramjwee hit"; }
          sleep 0.1; tries=$((tries + 1))
          fetch "$url" "$work/h" "$work/b"
        done ;;
      cacheable)
        fetch "$url" "$work/h" "$work/b"
        fetch "$url" "$work/h" "$work/b" ;;
      nginx)
        local tries=0
        fetch "$url" "$work/h" "$work/b"
        until header_has "$work/h" '^x-cache-status: hit'; do
          (( tries < 50 )) || { cat "$work/h" >&2; die "nginx $url is not a proxy_cache HIT"; }
          sleep 0.1; tries=$((tries + 1))
          fetch "$url" "$work/h" "$work/b"
        done ;;
      miss|miss-first)
        fetch "$url?r=verify-$phase" "$work/h" "$work/b"
        header_has "$work/h" '^cache-status: daramjwee; fwd=miss' \
          || { cat "$work/h" >&2; die "$url is not a daramjwee miss"; }
        ! header_has "$work/h" 'stored' || { cat "$work/h" >&2; die "$url was stored"; } ;;
      nofilter)
        fetch "$url?r=verify-$phase" "$work/h" "$work/b"
        ! header_has "$work/h" '^cache-status' || die "$url went through a filter" ;;
      *)
        fetch "$url" "$work/h" "$work/b" ;;
    esac
    cmp -s "$work/b" "$expected" || die "$name $url answered other bytes than /ceiling/$size"
  done
}

cacheable_calls() {
  curl -sf "http://127.0.0.1:$plain_port/cacheable-calls" || die "GET /cacheable-calls failed"
}

children_seconds() { # the user + system seconds of this shell's finished children, from `times`
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f\n", t }' "$1"
}

cat >"$work/unique.lua" <<'EOF'
-- every request a new query, so a miss is a miss of its own (no coalescing on one key)
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?r=" .. n)
end
EOF

run_wrk() { # seconds variant size -> "req_per_s p99_ms server_cpu_us wrk_cpu_us"
  local secs=$1 name=$2 size=$3 out="$work/wrk.out" before after wrk_cpu script=() pids
  local url="http://127.0.0.1:${v_port[$name]}${v_path[$name]}/$size"
  [[ "$name" == miss* || "$name" == nofilter ]] && script=(-s "$work/unique.lua")
  read -r -a pids <<<"$(server_pids "$name")"
  before=$(cpu_ticks "${pids[@]}")
  times >"$work/times.before"
  wrk -t"$threads" -c"$connections" -d"${secs}s" --latency "${script[@]}" "$url" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed on $url"; }
  times >"$work/times.after"
  after=$(cpu_ticks "${pids[@]}")
  wrk_cpu=$(awk -v a="$(children_seconds "$work/times.after")" \
    -v b="$(children_seconds "$work/times.before")" 'BEGIN { printf "%.3f", a - b }')
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    cat "$out" >&2
    die "wrk saw non-2xx answers on $url"
  fi
  if grep -q "Socket errors" "$out"; then
    echo "  note: $(grep 'Socket errors' "$out" | sed 's/^ *//') on $name $(label "$size")" >&2
  fi
  awk -v ticks=$((after - before)) -v hz="$clock_ticks" -v wrk_cpu="$wrk_cpu" '
    / requests in / { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000
      p99 = v
    }
    END {
      if (rps == "" || p99 == "" || requests == "" || requests == 0) exit 1
      printf "%.1f %.2f %.2f %.2f\n", rps, p99, ticks / hz * 1e6 / requests, wrk_cpu * 1e6 / requests
    }' "$out" || { cat "$out" >&2; die "could not parse wrk output"; }
}

median() { # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR % 2) printf "%.2f\n", a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

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
  echo
  echo "== large object: $big_size bytes through -Xmx128m =="
  # Deterministic bytes: AES-128-CTR of zeros under a fixed key.
  ( set +o pipefail
    openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f \
      -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null | head -c "$big_size" \
      >"$work/origin/obj.bin" )
  [[ "$(stat -c %s "$work/origin/obj.bin")" -eq "$big_size" ]] || die "could not write the origin file"
  want=$(cksum <"$work/origin/obj.bin")
  echo "origin file: cksum $want"
  start_jvm big "$big_port" 128m "${common[@]}" --daramjwee.hot.type=file \
    --daramjwee.hot.file.directory="$work/filestore" --daramjwee.hot.file.capacity=$((2 * big_size / 1048576 + 1024))MB \
    --daramjwee.max-object-size=3GB \
    "--daramjwee.routes[0].id=big" "--daramjwee.routes[0].pattern=/big/**" \
    "--daramjwee.routes[0].upstream=http://127.0.0.1:$origin_port/" \
    "--daramjwee.routes[0].fresh-for=1h"
  wait_ready big "$big_port"

  get_big() { # url headfile -> "cksum-line speed" (body through cksum; speed in bytes/s)
    local sum speed
    sum=$(curl -sS -f -D "$2" -w '%{stderr}%{speed_download}\n' -o - "$1" 2>"$work/curl.err" | cksum) \
      || { cat "$work/curl.err" >&2; die "GET $1 failed"; }
    speed=$(tail -1 "$work/curl.err")
    echo "$sum|$speed"
  }
  time_big() { # url -> bytes/s, body discarded
    curl -sS -f -o /dev/null -w '%{speed_download}\n' "$1" || die "GET $1 failed"
  }
  mbps() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }

  app_url="http://127.0.0.1:$big_port/big/obj.bin"
  ngx_url="http://127.0.0.1:$nginx_big_port/obj.bin"
  IFS='|' read -r miss_sum miss_speed <<<"$(get_big "$app_url" "$work/big-miss.head")"
  header_has "$work/big-miss.head" '^cache-status: daramjwee; fwd=miss.*stored' \
    || { cat "$work/big-miss.head" >&2; die "the first GET of the large object was not a stored miss"; }
  tries=0
  while :; do
    IFS='|' read -r hit_sum hit_speed <<<"$(get_big "$app_url" "$work/big-hit.head")"
    header_has "$work/big-hit.head" '^cache-status: daramjwee; hit' && break
    (( tries < 20 )) || { cat "$work/big-hit.head" >&2; die "the large object did not become a hit"; }
    sleep 0.5; tries=$((tries + 1))
  done
  [[ "$miss_sum" == "$want" && "$hit_sum" == "$want" ]] \
    || die "checksums differ: origin $want, miss $miss_sum, hit $hit_sum"
  kill -0 "${jvm_pid[big]}" 2>/dev/null || die "the -Xmx128m application died"
  echo "daramjwee miss: cksum $miss_sum ($(mbps "$miss_speed") MB/s through cksum)"
  echo "daramjwee hit:  cksum $hit_sum ($(mbps "$hit_speed") MB/s through cksum)"

  IFS='|' read -r nmiss_sum nmiss_speed <<<"$(get_big "$ngx_url" "$work/nbig-miss.head")"
  tries=0
  while :; do
    IFS='|' read -r nhit_sum nhit_speed <<<"$(get_big "$ngx_url" "$work/nbig-hit.head")"
    header_has "$work/nbig-hit.head" '^x-cache-status: hit' && break
    (( tries < 20 )) || { cat "$work/nbig-hit.head" >&2; die "nginx did not cache the large object"; }
    sleep 0.5; tries=$((tries + 1))
  done
  [[ "$nmiss_sum" == "$want" && "$nhit_sum" == "$want" ]] || die "nginx checksums differ"
  echo "nginx miss: cksum $nmiss_sum; nginx hit: cksum $nhit_sum (X-Cache-Status: HIT)"

  app_speeds=(); ngx_speeds=(); origin_speeds=()
  for ((r = 1; r <= big_runs; r++)); do
    app_speeds+=("$(time_big "$app_url")")
    ngx_speeds+=("$(time_big "$ngx_url")")
    origin_speeds+=("$(time_big "http://127.0.0.1:$origin_port/obj.bin")")
  done
  curl -sf -D "$work/big-hit2.head" -o /dev/null "$app_url"
  header_has "$work/big-hit2.head" '^cache-status: daramjwee; hit' || die "the large object is no longer a hit"
  rss=$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/${jvm_pid[big]}/status")
  app_hit=$(median "${app_speeds[@]}"); ngx_hit=$(median "${ngx_speeds[@]}")
  origin_plain=$(median "${origin_speeds[@]}")
  big_label="$(awk -v b="$big_size" 'BEGIN { if (b % 1073741824 == 0) printf "%dGiB", b / 1073741824; else printf "%dMiB", b / 1048576 }')"
  printf 'large object %s, hit MB/s (median of %d, body discarded): daramjwee (-Xmx128m, file tier) %s, nginx proxy_cache %s, nginx static file %s\n' \
    "$big_label" "$big_runs" "$(mbps "$app_hit")" "$(mbps "$ngx_hit")" "$(mbps "$origin_plain")"
  echo "the -Xmx128m application's peak resident memory: $rss"
  big_lines+=("large $big_label identical checksums miss/hit/origin: yes ($want)")
  big_lines+=("large $big_label hit MB/s: daramjwee $(mbps "$app_hit"), nginx $(mbps "$ngx_hit")")
  big_lines+=("ratio hit/nginx $big_label: $(ratio "$app_hit" "$ngx_hit")")
  stop_pid "${jvm_pid[big]}"; unset "jvm_pid[big]"
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
paired() { # variant baseline size -> the median (lowest to highest) of the rounds' own ratios
  paste -d' ' <(tr ' ' '\n' <<<"${all_rps[$1,$3]}") <(tr ' ' '\n' <<<"${all_rps[$2,$3]}") \
    | awk '{ print $1 / $2 }' | sort -g | awk '{ a[NR] = $1 } END {
      m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      printf "%.2f (%.2f to %.2f)", m, a[1], a[NR] }'
}
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
