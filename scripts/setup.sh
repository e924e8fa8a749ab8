#!/usr/bin/env bash
# Installs the Debian packages gradstep needs and builds it in release mode.
# Idempotent: safe to run again. Uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libdnnl-dev libcmark-dev libreadline-dev zlib1g-dev dataset-fashion-mnist tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y "${missing[@]}"
fi
swift build -c release
