#!/usr/bin/env bash
# Whole `cmt` processes on large real-shaped traces, as users run them, against a baseline run the same
# way (`cat` of the same file), several runs each; prints min and median wall seconds and events/s.
# The traces are the bundled CPython heaptrack recording scaled up (cmt.bench.Scale: copies one after the
# other, addresses shifted), as text, in the default compact coding and all modelled; start-up is the 53-event 401
# trace when ../shared is there, with and without the start-up cache.
# Usage: bench/e2e.sh [COPIES] [RUNS] (default 20 copies, about 10.9 M events; 5 runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/.ci/env.sh"
copies="${1:-20}"
runs="${2:-5}"
tmp="${TMPDIR:-/tmp}/cmt-e2e"
mkdir -p "$tmp"
cd "$root"
mvn -q -B -DskipTests -pl bench,cli -am package >&2
./cmt --version >/dev/null   # builds the start-up cache if the jar is new
text="$tmp/python-heaptrack-x$copies.trace"
compact="$tmp/python-heaptrack-x$copies.cmt"
modelled="$tmp/python-heaptrack-x$copies.modelled.cmt"
[[ -s "$text" ]] || java -cp bench/target/benchmarks.jar cmt.bench.Scale samples/python-heaptrack.trace.xz "$copies" "$text"
[[ -s "$compact" ]] || ./cmt encode --no-progress -o "$compact" "$text" 2>/dev/null
[[ -s "$modelled" ]] || ./cmt encode --no-progress --coding modelled -o "$modelled" "$text" 2>/dev/null
events=$(./cmt stats --no-progress "$text" | awk '$1 == "events" {gsub(",", "", $2); print $2}')
echo "traces: $text ($(du -h "$text" | cut -f1)), $compact ($(du -h "$compact" | cut -f1)); $events events; $runs runs each"

# time_runs NAME CMD...: min and median wall seconds of $runs runs, and events/s at the median.
time_runs() {
  local name="$1"; shift
  local t all=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$tmp/time" -f "%e" "$@" >/dev/null 2>/dev/null
    t=$(tail -1 "$tmp/time")
    all+=("$t")
  done
  printf '%s\n' "${all[@]}" | sort -n | awk -v name="$name" -v ev="$events" -v runs="$*" '
    { v[NR] = $1 } END { med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      printf "| %s | %.2f | %.2f | %.2f M |\n", name, v[1], med, (med > 0 ? ev / med / 1e6 : 0) }'
}

echo "| command | min s | median s | events/s at the median |"
echo "| --- | ---: | ---: | ---: |"
time_runs "cat (baseline, text)" cat "$text"
time_runs "cat (baseline, compact)" cat "$compact"
time_runs "cmt stats, text" ./cmt stats --no-progress "$text"
time_runs "cmt stats, compact" ./cmt stats --no-progress "$compact"
time_runs "cmt stats, compact --coding modelled" ./cmt stats --no-progress "$modelled"
time_runs "cmt encode, text to compact" ./cmt encode --no-progress --force -o "$tmp/out.cmt" "$text"
time_runs "cmt lifetimes, text" ./cmt lifetimes --no-progress "$text"
time_runs "cmt overhead, text" ./cmt overhead --no-progress "$text"
small="$root/../shared/data/401.bzip2.txt"
if [[ -f "$small" ]]; then
  events=53
  time_runs "cmt stats, 53-event 401 trace (start-up cache)" ./cmt stats "$small"
  time_runs "cmt stats, 53-event 401 trace (CMT_NO_AOT=1)" env CMT_NO_AOT=1 ./cmt stats "$small"
  time_runs "cmt --version (start-up cache)" ./cmt --version
  time_runs "cmt --version (CMT_NO_AOT=1)" env CMT_NO_AOT=1 ./cmt --version
fi
