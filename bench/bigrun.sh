#!/usr/bin/env bash
# Streams a generated 10^8-event trace through `cmt stats`, `cmt lifetimes` and `cmt sites` (10^4 call
# sites) with a 256 MiB heap and prints wall time and peak RSS of each: memory follows the live blocks
# (and the sites), not the trace length.
# Usage: bench/bigrun.sh [EVENTS] (default 100000000; needs about 4 GB of free disk in $TMPDIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/.ci/env.sh"
events="${1:-100000000}"
tmp="${TMPDIR:-/tmp}/cmt-bigrun"
mkdir -p "$tmp"
trace="$tmp/churn-$events-sites.trace"
cd "$root"
mvn -q -B -DskipTests -pl bench,cli -am package >&2
[[ -s "$trace" ]] || java -cp bench/target/benchmarks.jar cmt.bench.Generate "$events" "$trace" text 10000
echo "trace: $trace ($(du -h "$trace" | cut -f1), $events events)"
for cmd in stats lifetimes sites "sites --by function"; do
  CMT_JAVA_OPTS=-Xmx256m /usr/bin/time -f "cmt $cmd: %e s wall, %M KiB peak RSS" \
    ./cmt $cmd --no-progress "$trace" > /dev/null
done
