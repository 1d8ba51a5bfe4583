#!/usr/bin/env bash
# Runs JMH benchmarks with the settings recorded in BENCHMARKS.md: bench/run.sh [JMH ARGS...]
# e.g. bench/run.sh CodecBenchmark -p shape=churn. Results also land in bench/target/results.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/.ci/env.sh"
cd "$root"
mvn -q -B -DskipTests -pl bench -am package >&2
# Debian's jemalloc loads through dlopen only with room for its static TLS (ReplayBenchmark).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.rtld.optional_static_tls=4096"
exec taskset -c 1 java -Dcmt.shared="$root/../shared" -jar bench/target/benchmarks.jar \
  -rf json -rff bench/target/results.json "$@"
