#!/usr/bin/env bash
# Runs one xunit filter again and again with CPU-bound work beside it, as CI's busy 2-core machine does, and stops
# at the first failure. Timing races that pass on an idle machine (a backend still working on a request when the
# next run starts) show up here within a few rounds.
#   tests/tools/loop-under-load.sh <rounds> <xunit filter> [busy workers, default: one per core]
# Builds once, then runs the already built tests; prints "passed N of N in a row" or the failing round's output.
set -euo pipefail
rounds=${1:?rounds}
filter=${2:?xunit filter}
workers=${3:-$(nproc)}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dotnet build tests/AoTech.Ecs.Tests -c Release -v quiet -nologo >/dev/null

busy=()
stop_busy() { for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_busy EXIT
for _ in $(seq "$workers"); do
    ( while :; do :; done ) &
    busy+=($!)
done

log=$(mktemp)
for round in $(seq "$rounds"); do
    start=$(date +%s)
    if ! dotnet test tests/AoTech.Ecs.Tests -c Release --no-build --filter "$filter" >"$log" 2>&1; then
        grep -E "Failed |Assert|Stack Trace|Expected|Actual|Collection" "$log" | head -40
        echo "round $round of $rounds FAILED (after $((round - 1)) in a row)"
        rm -f "$log"
        exit 1
    fi
    echo "round $round: $(grep -Eo 'Passed: +[0-9]+' "$log" | head -1), $(($(date +%s) - start)) s"
done
rm -f "$log"
echo "passed $rounds of $rounds in a row with $workers busy workers"
