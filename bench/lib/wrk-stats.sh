# Sourced by bench/filter-hit.sh and bench/http-compare.sh: what a wrk trial's figures are made of
# (wrk's own output, the CPU the server's processes and wrk took) and the medians and ratios of
# the summaries.

cpu_ticks() { # pids... (none, or an empty one: 0) -> their utime + stime, in clock ticks
  local pid total=0 t
  for pid in "$@"; do
    [[ -n "$pid" ]] || continue
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

children_seconds() { # the user + system seconds of this shell's finished children, from `times`
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub(/s$/, "", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f\n", t }' "$1"
}

children_seconds_between() { # times-before times-after -> the children's CPU seconds in between
  awk -v a="$(children_seconds "$2")" -v b="$(children_seconds "$1")" \
    'BEGIN { printf "%.3f", a - b }'
}

wrk_figures() { # wrk --latency output -> "req_per_s p99_ms requests"; fails when it has none
  awk '
    / requests in / { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000
      else if (unit == "m") v = v * 60000
      p99 = v
    }
    END {
      if (rps == "" || p99 == "" || requests == "" || requests == 0) exit 1
      printf "%s %.2f %d\n", rps, p99, requests
    }' "$1"
}

median() { # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR % 2) printf "%.2f\n", a[(NR + 1) / 2]
    else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

ratio() { # a b -> a / b
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}
