#!/usr/bin/env bash
# Installs the Debian packages the tests use (recorders, allocators, Jupyter, Chromium). Idempotent.
set -euo pipefail
packages=(valgrind gcc libc6-dev libjemalloc2 libmimalloc2.0 libgoogle-perftools4)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
