#!/usr/bin/env bash
# Distribution start to a working console (authenticated status.json answers 200), median of N runs.
# Goal (issue 3): under 3 s.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dist
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
times=()
for i in $(seq 1 "$runs"); do
    repo="$work/repo$i"
    t0=$(now_ms)
    start_daemon "$repo"
    t1=$(now_ms)
    stop_daemon
    times+=($((t1 - t0)))
done
printf '%s\n' "${times[@]}" > "$work/t"
echo "startup to working console, ms: ${times[*]}"
echo "median: $(median < "$work/t") ms (goal < 3000 ms)"
