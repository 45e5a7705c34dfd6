#!/usr/bin/env bash
# Hit path through the Spring Boot starter (docs/BENCHMARKS.md, "Starter hit path").
#
# Runs the sample app's jar with a memory hot tier and no cold tier, and measures with wrk, in
# alternating trials: GET / (an uncached @GetMapping returning a constant string, the cost of
# Spring MVC itself), GET /articles/1 (a @Daramjwee hit: the route is found by asking the handler
# mappings, as the dispatcher would) and GET /proxy/items/a (a hit on a property route, matched by
# its path pattern). Prints the median req/s of each and the ratios to GET /.
#
# Usage, from the repository root:   bench/starter-hit.sh [--quick]
# Environment: PORT (18281), SKIP_BUILD=1 to reuse the jar, WRK_CONNECTIONS (50), WRK_THREADS (1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

trials=5; duration=10
[[ "${1:-}" == "--quick" ]] && { trials=3; duration=5; }
port="${PORT:-18281}"
command -v wrk >/dev/null || { echo "wrk is required (the OS package 'wrk')" >&2; exit 1; }
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -B -pl sample-app -am package -DskipTests
fi
jar=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
work=$(mktemp -d -t starter-hit.XXXXXX)
java -Xmx1g -jar "$jar" --server.port="$port" --daramjwee.hot.type=memory \
  --daramjwee.cold.type=none --logging.level.root=WARN >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf "$base/" >/dev/null && break; sleep 0.5; done
curl -sf "$base/" >/dev/null || { cat "$work/app.log" >&2; exit 1; }
for path in /articles/1 /proxy/items/a; do
  curl -sf -o /dev/null "$base$path"
  curl -sf -D - -o /dev/null "$base$path" | grep -qi '^cache-status: daramjwee; hit' \
    || { echo "$path is not a hit" >&2; exit 1; }
done

rps() { wrk -t"${WRK_THREADS:-1}" -c"${WRK_CONNECTIONS:-50}" -d"$1s" "$base$2" \
  | awk '/Requests\/sec:/ { print $2 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "starter hit path: $trials x ${duration}s per path, wrk -t${WRK_THREADS:-1}" \
  "-c${WRK_CONNECTIONS:-50}, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for path in / /articles/1 /proxy/items/a; do rps 5 "$path" >/dev/null; done # warm-up
declare -A runs
for ((t = 1; t <= trials; t++)); do
  for path in / /articles/1 /proxy/items/a; do runs[$path]+="$(rps "$duration" "$path") "; done
done
ceiling=$(median ${runs[/]})
for path in / /articles/1 /proxy/items/a; do
  m=$(median ${runs[$path]})
  printf '%-16s median %9.1f req/s  ratio to /: %.2f   (trials: %s)\n' "$path" "$m" \
    "$(awk -v a="$m" -v b="$ceiling" 'BEGIN { print a / b }')" "${runs[$path]% }"
done
