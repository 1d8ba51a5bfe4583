#!/usr/bin/env bash
# Wall time of malloc-heavy programs bare and under each recorder, side by side in one run, as a user runs
# them (whole process: cmt's start-up, recording, conversion and a text trace written).
# "recorder alone" (and "heaptrack alone") is the preload library with its pipe drained by cat: what the program itself feels,
# without cmt's start-up and conversion. Prints the median of RUNS runs of each, and its ratio to bare.
# Usage: bench/record-overhead.sh [RUNS] (default 3). Needs gcc, heaptrack, valgrind, /usr/bin/python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/.ci/env.sh"
runs="${1:-3}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cmt-overhead.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
gcc -O2 -pthread -o "$tmp/threads-churn" bench/src/main/resources/cmt/bench/threads-churn.c
./cmt --version >/dev/null
cat > "$tmp/work.py" <<'PY'
# Allocation-heavy Python: dicts, lists, strings and tuples made and dropped.
import json
data = []
for i in range(100000):
    d = {"id": i, "name": "item%d" % i, "tags": [str(j) for j in range(i % 7)], "v": (i, i * 2.5)}
    data.append(json.dumps(d))
    if len(data) > 5000:
        data = [json.loads(s) for s in data[::2]] and []
PY
# name|environment|program: the environment is set for cmt too, so that PROGRAM itself is what runs.
programs=("python3 (PYTHONMALLOC=malloc)|PYTHONMALLOC=malloc|/usr/bin/python3 $tmp/work.py"
          "threads-churn (4 threads)|CMT_UNUSED=1|$tmp/threads-churn 4 500000")
lib=$(ls -t "${XDG_CACHE_HOME:-$HOME/.cache}"/cmt/cmt-recorder-*.so | head -1)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
for entry in "${programs[@]}"; do
  name="${entry%%|*}"; rest="${entry#*|}"; envs="${rest%%|*}"; cmd="${rest#*|}"
  echo "## $name"
  printf '| %-28s | %9s | %7s | %12s |\n' "run" "wall s" "x bare" "events"
  bare=""
  for mode in bare "recorder alone, no stacks" "recorder alone, 32 frames" "heaptrack alone" \
      "cmt record --no-stacks" "cmt record (32 frames)" "cmt record --with heaptrack" "cmt record --with valgrind"; do
    times=()
    events="-"
    for ((i = 0; i < runs; i++)); do
      out="$tmp/out.trace"; rm -f "$out"
      case "$mode" in
        bare) t=$(timeit env $envs $cmd) ;;
        recorder*) rm -f "$tmp/pipe"; mkfifo "$tmp/pipe"; cat "$tmp/pipe" > /dev/null &
           depth=0; [[ "$mode" == *frames ]] && depth=32
           t=$(timeit env $envs LD_PRELOAD="$lib" CMT_RECORD_PIPE="$tmp/pipe" CMT_RECORD_DEPTH=$depth $cmd); wait ;;
        "cmt record --no-stacks") t=$(timeit env $envs ./cmt record --no-stacks -o "$out" -- $cmd) ;;
        "cmt record (32 frames)") t=$(timeit env $envs ./cmt record -o "$out" -- $cmd) ;;
        "heaptrack alone") rm -f "$tmp/pipe"; mkfifo "$tmp/pipe"; cat "$tmp/pipe" > /dev/null &
           t=$(timeit env $envs LD_PRELOAD=/usr/lib/heaptrack/libheaptrack_preload.so DUMP_HEAPTRACK_OUTPUT="$tmp/pipe" $cmd); wait ;;
        *heaptrack) t=$(timeit env $envs ./cmt record --with heaptrack -o "$out" -- $cmd) ;;
        *valgrind) t=$(timeit env $envs ./cmt record --with valgrind -o "$out" -- $cmd) ;;
      esac
      times+=("$t")
      [[ -s "$out" ]] && events=$(grep -vc "^#" "$out" || true)
    done
    m=$(printf '%s\n' "${times[@]}" | median)
    [[ -z "$bare" ]] && bare="$m"
    printf '| %-28s | %9.2f | %7.2f | %12s |\n' "$mode" "$m" "$(echo "$m / $bare" | bc -l)" "$events"
  done
done
