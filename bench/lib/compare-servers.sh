# Sourced by bench/http-compare.sh: starting and waiting for its JVMs and its nginx. Uses the
# script's globals (work, classpath, jvm_pid, nginx_pid, nginx_bin and the ports) and its die.
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
