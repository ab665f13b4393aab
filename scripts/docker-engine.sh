#!/usr/bin/env bash
# Prepares a real Docker engine for the real-Docker tests (npm run test:docker), on a machine
# like this project's: Debian 12, root, no systemd, no image registry (see README "Docker mode
# on a real engine").
#
#   scripts/docker-engine.sh start    engine answering, Compose v2, the base image local/debian:bookworm
#   scripts/docker-engine.sh stop     stops the dockerd this script started (by pid), nothing else
#   scripts/docker-engine.sh status   what answers, and what this script started
#
# `start` installs only what is missing and starts only what does not answer: an engine that
# already answers is used as it is and is never stopped by `stop`. What it starts is recorded in
# $DOCKER_ENGINE_STATE (default /var/tmp/backend-switch-docker): the dockerd pid and its log.
set -euo pipefail

STATE="${DOCKER_ENGINE_STATE:-/var/tmp/backend-switch-docker}"
BASE_IMAGE="${BASE_IMAGE:-local/debian:bookworm}"
SOCKET=/var/run/docker.sock
PLUGINS="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

say() { printf '[docker-engine] %s\n' "$*" >&2; }
die() { say "FATAL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

engine_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The Debian mirror apt already uses (deb822 .sources first, then a one-line sources.list).
mirror() {
  local uri
  uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)"
  [ -n "$uri" ] || uri="$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | grep -v -- '-security' | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit }}' | head -n1 || true)"
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

apt_updated=""
apt_install() {
  [ "$(id -u)" = 0 ] || die "installing $* needs root (apt-get)"
  if [ -z "$apt_updated" ]; then
    apt-get -o Acquire::Retries=3 update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends "$@" >/dev/null
}

# What is missing, installed in one apt run (a cold machine pays one `apt-get update`).
install_missing() {
  local missing=()
  for pair in "$@"; do command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local t0; t0="$(now)"
  say "installing ${missing[*]} (apt, --no-install-recommends)"
  apt_install $(printf '%s\n' "${missing[@]}" | sort -u)
  say "installed in $(since "$t0")"
}

start_dockerd() {
  if engine_answers; then
    say "an engine already answers ($(docker version --format '{{.Server.Version}}')): using it, not starting one"
    return 0
  fi
  # Without an engine the base image is made with debootstrap: both packages in one apt run.
  install_missing dockerd=docker.io docker=docker.io debootstrap=debootstrap
  [ -S "$SOCKET" ] && say "a socket at $SOCKET but no answer: starting dockerd anyway"
  local t0; t0="$(now)"
  mkdir -p "$STATE"
  # No systemd here: dockerd by hand, in its own session so the caller's Ctrl+C does not reach it.
  # From /: its proxies inherit the working directory, which `doctor` shows for port owners.
  (cd / && exec setsid dockerd --storage-driver=overlay2 -H "unix://$SOCKET" --pidfile "$STATE/dockerd.pid" \
    >"$STATE/dockerd.log" 2>&1 </dev/null) &
  local pid=$!
  echo "$pid" >"$STATE/started-dockerd"
  for _ in $(seq 1 120); do
    if engine_answers; then
      # dockerd's own pid file is the truth (setsid may have forked).
      [ -s "$STATE/dockerd.pid" ] && pid="$(cat "$STATE/dockerd.pid")" && echo "$pid" >"$STATE/started-dockerd"
      say "dockerd (pid $pid) answers after $(since "$t0"); log: $STATE/dockerd.log"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$STATE/dockerd.log" >&2; rm -f "$STATE/started-dockerd"; die "dockerd exited before answering"; }
    sleep 0.5
  done
  tail -n 20 "$STATE/dockerd.log" >&2
  die "dockerd (pid $pid) did not answer within 60 s"
}

# Compose v2: Debian 12 has only v1; Debian 13's docker-compose and docker-buildx packages come
# from the same mirror with a separate apt state, unpacked into the CLI's plugin folder.
ensure_compose_v2() {
  if docker compose version >/dev/null 2>&1; then
    say "compose: $(docker compose version --short 2>/dev/null || docker compose version)"
    return 0
  fi
  local t0; t0="$(now)"
  local work; work="$(mktemp -d)"
  chmod 0755 "$work" # apt downloads as _apt
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/debs"
  echo "deb $(mirror) trixie main" >"$work/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1" -o "Acquire::Retries=3")
  say "fetching Compose v2 and buildx (Debian 13 packages)"
  apt-get "${opts[@]}" update -qq
  (cd "$work/debs" && apt-get "${opts[@]}" download docker-compose docker-buildx >/dev/null)
  mkdir -p "$PLUGINS"
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  local found=0
  for plugin in docker-compose docker-buildx; do
    local file; file="$(find "$work/root" -path "*cli-plugins/$plugin" -type f | head -n1)"
    if [ -n "$file" ]; then install -m 0755 "$file" "$PLUGINS/$plugin"; found=$((found + 1)); fi
  done
  rm -rf "$work"
  [ "$found" = 2 ] || die "the Debian 13 packages held no cli-plugins/docker-compose or docker-buildx"
  docker compose version >/dev/null 2>&1 || die "docker compose does not answer after installing the plugin in $PLUGINS"
  say "compose $(docker compose version --short) in $PLUGINS, in $(since "$t0")"
}

# Every image of the test stack starts FROM this one: a minbase bookworm made with debootstrap.
ensure_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    say "base image $BASE_IMAGE present: reused"
    return 0
  fi
  local t0; t0="$(now)"
  # A normal Docker installation reaches Docker Hub: its debian:bookworm is the same base.
  if timeout 120 docker pull -q debian:bookworm >/dev/null 2>&1; then
    docker tag debian:bookworm "$BASE_IMAGE"
    say "base image $BASE_IMAGE tagged from Docker Hub's debian:bookworm in $(since "$t0")"
    return 0
  fi
  install_missing debootstrap=debootstrap
  local rootfs; rootfs="$(mktemp -d)"
  local url; url="$(mirror)"
  say "building $BASE_IMAGE with debootstrap from $url"
  debootstrap --variant=minbase bookworm "$rootfs" "$url" >"$rootfs.log" 2>&1 || { tail -n 20 "$rootfs.log" >&2; die "debootstrap failed (log: $rootfs.log)"; }
  # Images install packages without recommends, and no package starts a service while building.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90backend-switch"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d" && chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import --change 'ENV DEBIAN_FRONTEND=noninteractive' --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
  say "base image $BASE_IMAGE built in $(since "$t0")"
}

stop_dockerd() {
  local file="$STATE/started-dockerd"
  if [ ! -f "$file" ]; then
    say "this script started no dockerd: nothing to stop"
    return 0
  fi
  local pid; pid="$(cat "$file")"
  if ! kill -0 "$pid" 2>/dev/null || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
    say "dockerd (pid $pid) is gone already"
    rm -f "$file"
    return 0
  fi
  say "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$file"; say "dockerd stopped"; return 0; }
    sleep 0.5
  done
  say "dockerd (pid $pid) still runs after 30 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$file"
}

status() {
  if engine_answers; then say "engine: $(docker version --format '{{.Server.Version}}')"; else say "engine: no answer"; fi
  if docker compose version >/dev/null 2>&1; then say "compose: $(docker compose version --short)"; else say "compose v2: absent"; fi
  if ! engine_answers; then say "base image: unknown (no engine to ask)"
  elif docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then say "base image: $BASE_IMAGE"; else say "base image: absent"; fi
  if [ -f "$STATE/started-dockerd" ]; then say "started by this script: dockerd pid $(cat "$STATE/started-dockerd")"; else say "started by this script: nothing"; fi
}

case "${1:-start}" in
  start)
    t0="$(now)"
    start_dockerd
    ensure_compose_v2
    ensure_base_image
    say "engine ready in $(since "$t0")"
    ;;
  stop) stop_dockerd ;;
  status) status ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
