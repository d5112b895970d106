#!/usr/bin/env bash
# Installs what a fresh machine (Node and npm only) lacks, idempotently, then runs the given command on
# Node 24 (the runtime Lambda runs; older machines get the official binary from the npm registry).
#   scripts/bootstrap.sh [--test] [-- command ...]
#     pnpm, Node 24, Java 17, the workspace's packages; with --test also Chromium for the browser tests
#     and Prometheus (promtool, and `pnpm dev --monitoring`)
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=""
if [ "${1:-}" = "--test" ]; then for_tests=1; shift; fi
if [ "${1:-}" = "--" ]; then shift; fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  command -v apt-get >/dev/null || { echo "bootstrap: install $* with your package manager" >&2; exit 1; }
  [ -n "${APT_UPDATED:-}" ] || { as_root apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! command -v pnpm >/dev/null || ! pnpm --version | grep -q '^10\.'; then
  echo "bootstrap: installing pnpm 10"
  npm install -g pnpm@10 >/dev/null 2>&1 || as_root npm install -g pnpm@10 >/dev/null
fi

# Node 24: the machine's own when it is one, else the official build that the registry's node-linux-<arch>
# package ships, kept in the user's cache (a binary inside a registry package, no other download).
NODE_VERSION=24.22.3
if ! node --version | grep -q '^v24\.'; then
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
  tools="${XDG_CACHE_HOME:-$HOME/.cache}/bourse/node-$NODE_VERSION"
  bin="$tools/node_modules/node-linux-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "bootstrap: installing Node $NODE_VERSION (the machine has $(node --version))"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "node-linux-$arch@$NODE_VERSION" >/dev/null
  fi
  export PATH="$bin:$PATH"
fi

if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
  echo "bootstrap: installing Java 17 (DynamoDB Local runs on it)"
  apt_install openjdk-17-jre-headless
fi

if [ -n "$for_tests" ] && [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Chromium (browser tests)"
  apt_install chromium
fi

if [ -n "$for_tests" ] && ! command -v promtool >/dev/null; then
  echo "bootstrap: installing Prometheus (promtool checks the alert rules and the metrics exposition)"
  apt_install prometheus
fi

# Fast when nothing changed; a fresh clone gets everything from the lockfile.
pnpm install --frozen-lockfile --prefer-offline --reporter=silent

if [ $# -gt 0 ]; then exec "$@"; fi
