#!/usr/bin/env bash
# Puts a PgBouncer in transaction pooling mode in front of a PostgreSQL URL, so CI can run the
# integration suite through a pooler the way a scaled-out deployment would.
#
#   .ci/pgbouncer.sh start DIR URL   configure and start it in DIR; prints the pooled URL
#   .ci/pgbouncer.sh stop DIR        stop the one started in DIR
#
# Clients reach it on loopback only, with the user and password of URL (trust between client and
# pooler; the pooler logs in to PostgreSQL with the password from URL, if any).
set -euo pipefail

# The service's pool sends statement_timeout as a startup parameter, which PgBouncer 1.18 refuses
# ("unsupported startup parameter"). The pooler drops it and sets the same timeout on each server
# connection it opens, so statements still time out. Keep in step with the service's default.
STATEMENT_TIMEOUT_MS=15000

main() {
  case "${1:-}" in
    start) start "$2" "$3" ;;
    stop) stop "$2" ;;
    *)
      echo "usage: $0 start DIR URL | stop DIR" >&2
      exit 2
      ;;
  esac
}

start() {
  local dir=$1 url=$2 port
  mkdir -p "$dir"
  port=$(free_port)
  write_config "$dir" "$url" "$port"
  # PgBouncer refuses to run as root; the postgres user exists wherever the server was installed.
  chown -R postgres "$dir"
  pgbouncer -d -u postgres "$dir/pgbouncer.ini"
  wait_until_listening "$port" "$dir"
  url_through "$url" "$port"
}

stop() {
  local dir=$1 pid
  pid=$(cat "$dir/pgbouncer.pid" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || true
}

free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => {
    console.log(s.address().port); s.close(); });"
}

# The URL's parts come out through Node's URL parser rather than a hand-written regex.
url_part() {
  node -e "const u = new URL(process.argv[1]); console.log(decodeURIComponent(u[process.argv[2]]))" \
    "$1" "$2"
}

write_config() {
  local dir=$1 url=$2 port=$3 user password host server_port
  user=$(url_part "$url" username)
  password=$(url_part "$url" password)
  host=$(url_part "$url" hostname)
  server_port=$(url_part "$url" port)
  printf '"%s" "%s"\n' "$user" "$password" >"$dir/users.txt"
  chmod 600 "$dir/users.txt"
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$host port=${server_port:-5432} connect_query='SET statement_timeout = $STATEMENT_TIMEOUT_MS'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
pool_mode = transaction
auth_type = trust
auth_file = $dir/users.txt
max_client_conn = 1000
default_pool_size = 40
ignore_startup_parameters = extra_float_digits, statement_timeout
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
}

wait_until_listening() {
  local port=$1 dir=$2
  for _ in $(seq 1 50); do
    if pg_isready -h 127.0.0.1 -p "$port" -q; then return; fi
    sleep 0.1
  done
  tail -n 20 "$dir/pgbouncer.log" >&2
  echo "PgBouncer did not listen on 127.0.0.1:$port" >&2
  exit 1
}

url_through() {
  node -e "const u = new URL(process.argv[1]); u.hostname = '127.0.0.1'; u.port = process.argv[2];
    console.log(u.href)" "$1" "$2"
}

main "$@"
