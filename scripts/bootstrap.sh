#!/usr/bin/env bash
# Installs what a fresh machine (Node and npm only) lacks, idempotently, then returns.
#   scripts/bootstrap.sh          pnpm, Java 17, the workspace's packages
#   scripts/bootstrap.sh --test   the same, plus Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

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

if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
  echo "bootstrap: installing Java 17 (DynamoDB Local runs on it)"
  apt_install openjdk-17-jre-headless
fi

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Chromium (browser tests)"
  apt_install chromium
fi

# Fast when nothing changed; a fresh clone gets everything from the lockfile.
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
