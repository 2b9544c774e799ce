#!/usr/bin/env bash
# Starts PostgreSQL under the environment contract of the official postgres image
# (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, /docker-entrypoint-initdb.d), which is what
# Testcontainers' PostgreSQL module and the compose file rely on.
set -euo pipefail

POSTGRES_USER=${POSTGRES_USER:-postgres}
POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
export POSTGRES_USER POSTGRES_DB

main() {
  if [[ "${1:-}" == -* ]]; then
    set -- postgres "$@"
  fi
  if [[ "${1:-}" != postgres ]]; then
    exec "$@"
  fi
  if [[ "$(id -u)" == 0 ]]; then
    own_data_directory
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
    initialize_cluster
  fi
  exec "$@"
}

# A mounted volume arrives owned by root; the server refuses a data folder it does not own.
own_data_directory() {
  install -d -o postgres -g postgres -m 0700 "$PGDATA"
  if [[ "$(stat -c %U "$PGDATA")" != postgres ]]; then
    chown -R postgres:postgres "$PGDATA"
  fi
}

initialize_cluster() {
  require_password
  run_initdb
  allow_remote_logins
  # The first server listens on the unix socket only, so that health checks over TCP
  # (pg_isready --host localhost) fail until the user, database and init scripts exist.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  create_database
  run_init_scripts
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo 'PostgreSQL init process complete; ready for start up.'
}

require_password() {
  if [[ -z "${POSTGRES_PASSWORD:-}" && "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]]; then
    echo 'error: set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)' >&2
    exit 1
  fi
}

run_initdb() {
  local password_file
  password_file=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$password_file"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options by contract.
  initdb --username="$POSTGRES_USER" --pwfile="$password_file" ${POSTGRES_INITDB_ARGS:-}
  rm -f "$password_file"
}

allow_remote_logins() {
  local method=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  printf '\nhost all all all %s\n' "$method" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
}

create_database() {
  if [[ "$POSTGRES_DB" == postgres ]]; then
    return
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set name="$POSTGRES_DB" <<<'CREATE DATABASE :"name";'
}

run_init_scripts() {
  local file
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sh) echo "Running $file"; bash "$file" ;;
      *.sql) echo "Running $file"; run_sql <"$file" ;;
      *.sql.gz) echo "Running $file"; gunzip -c "$file" | run_sql ;;
      *) ;;
    esac
  done
}

run_sql() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB"
}

main "$@"
