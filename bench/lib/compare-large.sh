# Sourced by bench/http-compare.sh: the large object. A file of deterministic bytes served by
# nginx as the origin, fetched through a -Xmx128m CompareServer with a file hot tier as a miss and
# then a hit (checksums compared), and nginx proxy_cache beside it. Appends its lines to
# big_lines. Uses the script's globals and its helpers (start_jvm, wait_ready, header_has, median,
# ratio, stop_pid, die).
large_object() { # size runs
  local big_size=$1 big_runs=$2
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
}
