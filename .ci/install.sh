#!/usr/bin/env bash
# Installs the Debian packages the tests use (recorders, allocators, Jupyter, Chromium). Idempotent.
set -euo pipefail
packages=(valgrind heaptrack gcc libc6-dev
  # record: cmt's recorder unwinds with libunwind and symbolizes with binutils (addr2line, nm).
  libunwind8 binutils
  # replay: the named allocators.
  libjemalloc2 libmimalloc2.0 libgoogle-perftools4
  # notebooks: Debian's Jupyter (always called as /usr/bin/jupyter and /usr/bin/python3: the python3 on
  # PATH may be a separate build without these) and Chromium for the browser test.
  jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client chromium
  # the browser test drives Chromium with puppeteer-core from npm (notebooks/src/test/browser).
  nodejs)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
# Debian's nodejs comes without npm (NodeSource's carries it).
if ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq npm
fi
