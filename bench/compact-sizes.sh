#!/usr/bin/env bash
# Sizes for BENCHMARKS.md "## Compact format": for hmmer (from ../shared, skipped when absent) and every
# bundled sample, bytes/event of the text, the legacy CMT, bzip2 -9 / xz -9 / zstd -19 of both, and the
# compact format without and with addresses: the default (each block's coding chosen), modelled and packed. Usage: bench/compact-sizes.sh [TRACE...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
inputs=("$@")
if (( ${#inputs[@]} == 0 )); then
  hmmer="$root/../shared/data/456.hmmer.test.txt.bz2"
  [[ -f "$hmmer" ]] && inputs+=("$hmmer")
  inputs+=("$root"/samples/*.trace.xz)
fi
cmt="$root/cmt"
bpe() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.3f", b / n }'; }
echo "| trace | events | text | legacy CMT | bzip2 text | xz text | zstd text | bzip2 legacy | xz legacy | zstd legacy | compact | compact + addresses | modelled | modelled + addresses | packed | packed + addresses |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for f in "${inputs[@]}"; do
  name="$(basename "$f")"; name="${name%.xz}"; name="${name%.bz2}"; name="${name%.txt}"; name="${name%.trace}"
  "$cmt" decode "$f" -o "$tmp/t" --force
  "$cmt" encode --format legacy "$tmp/t" -o "$tmp/l" --force
  "$cmt" encode "$tmp/t" -o "$tmp/c" --force
  "$cmt" encode --keep-addresses "$tmp/t" -o "$tmp/ca" --force
  "$cmt" encode --coding modelled "$tmp/t" -o "$tmp/m" --force
  "$cmt" encode --coding modelled --keep-addresses "$tmp/t" -o "$tmp/ma" --force
  "$cmt" encode --coding packed "$tmp/t" -o "$tmp/p" --force
  "$cmt" encode --coding packed --keep-addresses "$tmp/t" -o "$tmp/pa" --force
  n="$(wc -l < "$tmp/t")"
  row="| $name | $n | $(bpe "$(stat -c %s "$tmp/t")" "$n") | $(bpe "$(stat -c %s "$tmp/l")" "$n")"
  for src in t l; do
    for c in "bzip2 -9" "xz -9" "zstd -19 -q"; do
      row+=" | $(bpe "$($c -c "$tmp/$src" | wc -c)" "$n")"
    done
  done
  for c in c ca m ma p pa; do
    row+=" | $(bpe "$(stat -c %s "$tmp/$c")" "$n")"
  done
  row+=" |"
  echo "$row"
done
