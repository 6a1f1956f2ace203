#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing (Debian): Chromium for e2e,
# redis-server for the Redis adapter's multi-node tests.
# Fails loudly: a missing browser or Redis must not turn into skipped tests.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "== installing system packages: ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "ERROR: need root or sudo to install ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
# each package here is named after the command it provides
for cmd in "${need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/bin/$cmd" ] || { echo "ERROR: $cmd is still missing after apt-get install" >&2; exit 1; }
done
