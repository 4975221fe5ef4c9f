#!/usr/bin/env bash
# Prepares a real Docker environment for the image and compose tests, as root, idempotently:
#   1. starts dockerd (overlay2, falling back to vfs) when no engine answers;
#   2. starts Debian's docker-registry on 127.0.0.1 with htpasswd auth (fresh user/password per registry start,
#      kept in a mode-600 file, never printed);
#   3. builds local base images from Debian packages when they are missing, because no public image registry is
#      reachable here: a minbase Debian (debootstrap + docker import), an nginx base, a .NET SDK base and an ASP.NET
#      runtime base made from the host's own .NET installation.
# Prints `export KEY=VALUE` lines on stdout (log lines go to stderr), so `eval "$(bash tests/setup/docker.sh)"`
# works, and writes the same settings without `export` to $AOTECH_DOCKER_STATE/docker.env (usable with
# `set -a; . file; set +a` and with `docker-compose --env-file`).
#
# Assumes the Debian packages docker.io, docker-compose, docker-registry, debootstrap and apache2-utils.
# Environment knobs (all optional):
#   AOTECH_DOCKER_STATE   state directory (default: ${TMPDIR:-/tmp}/aotech-docker)
#   AOTECH_REGISTRY_PORT  registry port (default: 5000, or the next free port)
#   DEBIAN_MIRROR         mirror for debootstrap (default: the host's first configured Debian mirror)
#   DEBIAN_SUITE          default bookworm
#   AOTECH_REBUILD_BASES=1  rebuild the base images even if they exist
set -euo pipefail

STATE="${AOTECH_DOCKER_STATE:-${TMPDIR:-/tmp}/aotech-docker}"
SUITE="${DEBIAN_SUITE:-bookworm}"
SOCK="/var/run/docker.sock"
export DOCKER_HOST="${DOCKER_HOST:-unix://$SOCK}"

BASE_IMAGE="aotech-base/debian:$SUITE"
NGINX_IMAGE="aotech-base/nginx:$SUITE"
SDK_IMAGE="aotech-base/dotnet-sdk:local"
RUNTIME_IMAGE="aotech-base/aspnet:local"

log() { printf '[docker.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

mkdir -p "$STATE"
chmod 700 "$STATE"

for tool in dockerd docker docker-compose docker-registry debootstrap htpasswd; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH (install docker.io docker-compose docker-registry debootstrap apache2-utils)"
done

# ---------------------------------------------------------------- 1. Docker engine
engine_up() { docker info >/dev/null 2>&1; }

start_dockerd() {
  local driver="$1"
  log "starting dockerd (storage driver $driver)"
  # setsid: the engine must outlive this script and not share its process group.
  setsid dockerd --host "unix://$SOCK" --storage-driver "$driver" \
    --pidfile "$STATE/dockerd.pid" >"$STATE/dockerd-$driver.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    engine_up && return 0
    kill -0 "$!" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

stop_our_dockerd() {
  if [[ -f "$STATE/dockerd.pid" ]]; then
    local pid; pid="$(cat "$STATE/dockerd.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
}

if engine_up; then
  log "docker engine already running"
else
  if ! start_dockerd overlay2; then
    log "overlay2 did not work (see $STATE/dockerd-overlay2.log); retrying with vfs"
    stop_our_dockerd
    start_dockerd vfs || die "dockerd did not start; see $STATE/dockerd-vfs.log"
  fi
  log "docker engine is up ($(docker info --format '{{.Driver}}'))"
fi

# ---------------------------------------------------------------- 2. Registry with htpasswd auth
REG_DIR="$STATE/registry"
mkdir -p "$REG_DIR/data"
chmod 700 "$REG_DIR"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

registry_running() {
  [[ -f "$REG_DIR/pid" && -f "$REG_DIR/port" && -f "$REG_DIR/password" ]] || return 1
  kill -0 "$(cat "$REG_DIR/pid")" 2>/dev/null || return 1
  port_in_use "$(cat "$REG_DIR/port")"
}

if registry_running; then
  log "registry already running on 127.0.0.1:$(cat "$REG_DIR/port")"
else
  port="${AOTECH_REGISTRY_PORT:-5000}"
  if [[ -z "${AOTECH_REGISTRY_PORT:-}" ]]; then
    while port_in_use "$port"; do port=$((port + 1)); done
  elif port_in_use "$port"; then
    die "port $port is already in use"
  fi
  user="aotech-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  # The password never reaches a command line or the terminal: file first, then htpasswd reads stdin.
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$REG_DIR/password")
  printf '%s' "$user" > "$REG_DIR/user"
  (umask 077; htpasswd -inB "$user" < "$REG_DIR/password" > "$REG_DIR/htpasswd")
  secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')"
  (umask 077; cat > "$REG_DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REG_DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: $secret
auth:
  htpasswd:
    realm: aotech-test-registry
    path: $REG_DIR/htpasswd
YAML
  )
  printf '%s' "$port" > "$REG_DIR/port"
  log "starting docker-registry on 127.0.0.1:$port"
  setsid docker-registry serve "$REG_DIR/config.yml" >"$REG_DIR/registry.log" 2>&1 < /dev/null &
  echo "$!" > "$REG_DIR/pid"
  for _ in $(seq 1 30); do port_in_use "$port" && break; sleep 1; done
  registry_running || die "registry did not start; see $REG_DIR/registry.log"
fi
REG_PORT="$(cat "$REG_DIR/port")"

# ---------------------------------------------------------------- 3. Base images from Debian packages
image_exists() { [[ "${AOTECH_REBUILD_BASES:-0}" != 1 ]] && docker image inspect "$1" >/dev/null 2>&1; }

debian_mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local uri=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    uri="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/*.sources)"
  fi
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  [[ -n "$uri" ]] || die "no Debian mirror found in the apt sources; set DEBIAN_MIRROR"
  echo "$uri"
}

CACHE="$STATE/debootstrap-cache"
mkdir -p "$CACHE"

# debootstrap a minbase rootfs with extra packages and import it as an image.
build_rootfs_image() {
  local image="$1" include="$2"; shift 2
  local root; root="$(mktemp -d "$STATE/rootfs.XXXXXX")"
  log "debootstrap $SUITE ($include) -> $image"
  if ! debootstrap --variant=minbase --include="$include" --cache-dir="$CACHE" \
       "$SUITE" "$root" "$(debian_mirror)" >"$STATE/debootstrap.log" 2>&1; then
    rm -rf "$root"; die "debootstrap failed; see $STATE/debootstrap.log"
  fi
  # Keep images small and free of host specifics.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/* "$root"/debootstrap
  : > "$root/etc/resolv.conf"
  tar --numeric-owner -C "$root" -c . | docker import "$@" - "$image" >/dev/null
  rm -rf "$root"
}

# Libraries .NET needs (the same set as the official runtime-deps images) plus curl for health checks.
DEPS="ca-certificates,curl,libicu72,libssl3,zlib1g,tzdata"

if image_exists "$BASE_IMAGE"; then log "$BASE_IMAGE exists"; else
  build_rootfs_image "$BASE_IMAGE" "$DEPS" --change 'CMD ["bash"]'
fi

if image_exists "$NGINX_IMAGE"; then log "$NGINX_IMAGE exists"; else
  # Mirrors the official nginx image: logs to stdout/stderr, foreground, stop with SIGQUIT.
  build_rootfs_image "$NGINX_IMAGE" "curl,nginx-light" \
    --change 'EXPOSE 80' --change 'CMD ["nginx", "-g", "daemon off;"]'
  tmp_ctx="$(mktemp -d "$STATE/ctx.XXXXXX")"
  cat > "$tmp_ctx/Dockerfile" <<DOCKERFILE
FROM $NGINX_IMAGE
RUN ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log \\
 && rm -f /etc/nginx/sites-enabled/default && mkdir -p /etc/nginx/conf.d
STOPSIGNAL SIGQUIT
DOCKERFILE
  docker build -q -t "$NGINX_IMAGE" "$tmp_ctx" >"$STATE/build.log" 2>&1 || die "nginx base build failed; see $STATE/build.log"
  rm -rf "$tmp_ctx"
fi

DOTNET_BIN="$(command -v dotnet || true)"
[[ -n "$DOTNET_BIN" ]] || die "dotnet not found on PATH; the .NET base images are made from the host's SDK"
DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$DOTNET_BIN")")"

# Streams a tar context: a generated Dockerfile plus the host's dotnet root renamed to dotnet/.
build_dotnet_image() {
  local image="$1" dockerfile="$2"; shift 2
  local ctx; ctx="$(mktemp -d "$STATE/ctx.XXXXXX")"
  printf '%s\n' "$dockerfile" > "$ctx/Dockerfile"
  log "building $image from $DOTNET_ROOT_DIR"
  tar -c -C "$ctx" Dockerfile -C "$(dirname "$DOTNET_ROOT_DIR")" \
      --transform "s,^$(basename "$DOTNET_ROOT_DIR"),dotnet," "$@" "$(basename "$DOTNET_ROOT_DIR")" \
    | docker build -q -t "$image" - >"$STATE/build.log" 2>&1 || die "$image build failed; see $STATE/build.log"
  rm -rf "$ctx"
}

COMMON_DOTNET="FROM $BASE_IMAGE
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \\
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet"

if image_exists "$SDK_IMAGE"; then log "$SDK_IMAGE exists"; else
  build_dotnet_image "$SDK_IMAGE" "$COMMON_DOTNET
RUN dotnet --info >/dev/null"
fi

if image_exists "$RUNTIME_IMAGE"; then log "$RUNTIME_IMAGE exists"; else
  # Same conventions as the official aspnet image: port 8080, non-root user 'app' with uid 1654.
  build_dotnet_image "$RUNTIME_IMAGE" "$COMMON_DOTNET
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080
RUN groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /bin/false app \\
 && dotnet --list-runtimes
EXPOSE 8080" \
    --exclude='*/sdk' --exclude='*/sdk-manifests' --exclude='*/packs' --exclude='*/templates' \
    --exclude='*/library-packs' --exclude='*/metadata' --exclude='*/dnx'
fi

# ---------------------------------------------------------------- 4. Settings for tests and compose
ENV_FILE="$STATE/docker.env"
{
  echo "DOCKER_HOST=$DOCKER_HOST"
  echo "AOTECH_REGISTRY=127.0.0.1:$REG_PORT"
  echo "AOTECH_REGISTRY_USER=$(cat "$REG_DIR/user")"
  echo "AOTECH_REGISTRY_PASSWORD_FILE=$REG_DIR/password"
  echo "SDK_IMAGE=$SDK_IMAGE"
  echo "RUNTIME_IMAGE=$RUNTIME_IMAGE"
  echo "NGINX_IMAGE=$NGINX_IMAGE"
  echo "AOTECH_DOCKER_ENV_FILE=$ENV_FILE"
} > "$ENV_FILE"
chmod 600 "$ENV_FILE"
sed 's/^/export /' "$ENV_FILE"
log "ready; settings in $ENV_FILE"
