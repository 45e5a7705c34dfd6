# Sourced by bench/http-compare.sh: checking the variants' answers, one wrk trial with the CPU it
# cost the server and wrk (figures from bench/lib/wrk-stats.sh), and the rounds' paired ratios.
# Uses the script's globals (work, variants, v_port, v_path, jvm_pid, nginx_pid, the ports,
# threads, connections, clock_ticks, all_rps) and its die and label.
server_pids() { # variant -> the pids whose CPU a request costs
  case "$1" in
    raw|ceiling|cacheable|nofilter) echo "${jvm_pid[plain]}" ;;
    ehcache|miss) echo "${jvm_pid[ehcache]}" ;;
    memory) echo "${jvm_pid[memory]}" ;;
    first|miss-first) echo "${jvm_pid[first]}" ;;
    nginx) echo "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')" ;;
  esac
}

fetch() { # url headfile bodyfile
  curl -sf -D "$2" -o "$3" "$1" || die "GET $1 failed"
}

header_has() { # headfile regex
  grep -qiE "$2" "$1"
}

fetch_until() { # url regex failure: GETs into $work/h and $work/b until the head matches (5 s)
  local tries=0
  fetch "$1" "$work/h" "$work/b"
  until header_has "$work/h" "$2"; do
    (( tries < 50 )) || { cat "$work/h" >&2; die "$3"; }
    sleep 0.1; tries=$((tries + 1))
    fetch "$1" "$work/h" "$work/b"
  done
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
        fetch_until "$url" '^cache-status: daramjwee; hit' "$name $url is not a daramjwee hit" ;;
      cacheable)
        fetch "$url" "$work/h" "$work/b"
        fetch "$url" "$work/h" "$work/b" ;;
      nginx)
        fetch_until "$url" '^x-cache-status: hit' "nginx $url is not a proxy_cache HIT" ;;
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
  wrk_cpu=$(children_seconds_between "$work/times.before" "$work/times.after")
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    cat "$out" >&2
    die "wrk saw non-2xx answers on $url"
  fi
  if grep -q "Socket errors" "$out"; then
    echo "  note: $(grep 'Socket errors' "$out" | sed 's/^ *//') on $name $(label "$size")" >&2
  fi
  local figures rps p99 requests
  figures=$(wrk_figures "$out") || { cat "$out" >&2; die "could not parse wrk output"; }
  read -r rps p99 requests <<<"$figures"
  awk -v rps="$rps" -v p99="$p99" -v n="$requests" -v ticks=$((after - before)) \
    -v hz="$clock_ticks" -v wrk_cpu="$wrk_cpu" 'BEGIN {
      printf "%.1f %.2f %.2f %.2f\n", rps, p99, ticks / hz * 1e6 / n, wrk_cpu * 1e6 / n }'
}

paired() { # variant baseline size -> the median (lowest to highest) of the rounds' own ratios
  paste -d' ' <(tr ' ' '\n' <<<"${all_rps[$1,$3]}") <(tr ' ' '\n' <<<"${all_rps[$2,$3]}") \
    | awk '{ print $1 / $2 }' | sort -g | awk '{ a[NR] = $1 } END {
      m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      printf "%.2f (%.2f to %.2f)", m, a[1], a[NR] }'
}
