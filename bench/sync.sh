#!/usr/bin/env bash
# Propagation A→B between two local clones, ours vs the real git-annex assistant, in the same run:
#  - latency of one 4 KB file (median of N runs; goal: ours ≤ 0.2× git-annex's median)
#  - 1000 × 1 KB files dropped at once until all are in B with content (goal: ≤ 0.2× git-annex's time)
# Daemons are started as `bin/annex-assistant run --repo DIR --http-port 0`.
# With BEFORE_DIST=DIR (another build's launcher/target/annex-assistant, e.g. of an earlier commit), that
# build is measured too in the same run, and its figures are compared with ours ("before" and "after").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dist
runs=${1:-7}
work=$(mktemp -d)
cleanup() {
    stop_daemon_all
    for r in "$work"/ga-a "$work"/ga-b; do [ -d "$r" ] && (cd "$r" && git annex assistant --stop >/dev/null 2>&1 || true); done
    rm -rf "$work"
}
pids=()
stop_daemon_all() { for p in "${pids[@]:-}"; do [ -n "$p" ] && { kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; }; done; pids=(); }
trap cleanup EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@invalid

pair() { # pair PREFIX: makes PREFIX-a and PREFIX-b, git-annex repositories that are each other's remote
    local a="$work/$1-a" b="$work/$1-b"
    git init -q -b master "$a" && (cd "$a" && git annex init -q A && git commit -q --allow-empty -m start)
    git clone -q -o a "$a" "$b" && (cd "$b" && git annex init -q B)
    (cd "$a" && git remote add b "$b")
}

# wait_for FILE EXPECTED_FILE: until FILE has the same bytes as EXPECTED_FILE (180 s at most)
wait_for() {
    for _ in $(seq 1 18000); do
        if [ -f "$1" ] && cmp -s "$1" "$2"; then return 0; fi
        sleep 0.01
    done
    echo "timed out waiting for $1" >&2; return 1
}

latency() { # latency A B LABEL: prints per-run ms and the median
    local a=$1 b=$2 times=()
    for i in $(seq 1 "$runs"); do
        head -c 4096 /dev/urandom > "$work/src"
        t0=$(now_ms)
        cp "$work/src" "$a/lat-$i.bin"
        wait_for "$b/lat-$i.bin" "$work/src"
        times+=($(( $(now_ms) - t0 )))
        sleep 1
    done
    printf '%s\n' "${times[@]}" > "$work/times-$3"
    echo "$3 4 KB latency ms: ${times[*]} median $(median < "$work/times-$3")" >&2
    median < "$work/times-$3"
}

burst() { # burst A B: 1000 × 1 KB files at once, ms until all are in B
    mkdir -p "$work/burst-src"
    for i in $(seq 1 1000); do head -c 1024 /dev/urandom > "$work/burst-src/f$i"; done
    t0=$(now_ms)
    cp -r "$work/burst-src" "$1/burst"
    for i in 1 1000 500; do wait_for "$2/burst/f$i" "$work/burst-src/f$i"; done
    for i in $(seq 1 1000); do wait_for "$2/burst/f$i" "$work/burst-src/f$i"; done
    echo $(( $(now_ms) - t0 ))
    rm -rf "$work/burst-src"
}

# measure_daemons PREFIX DIST: a pair run by DIST's daemons; sets LAT and BURST
measure_daemons() {
    local p=$1 d=$2
    pair "$p"
    "$d/bin/annex-assistant" run --repo "$work/$p-a" --http-port 0 >"$work/$p-a.log" 2>&1 & pids+=($!)
    "$d/bin/annex-assistant" run --repo "$work/$p-b" --http-port 0 >"$work/$p-b.log" 2>&1 & pids+=($!)
    until [ -f "$work/$p-a/.git/annex-assistant/console.url" ] && [ -f "$work/$p-b/.git/annex-assistant/console.url" ]; do sleep 0.1; done
    LAT=$(latency "$work/$p-a" "$work/$p-b" "$p")
    BURST=$(burst "$work/$p-a" "$work/$p-b")
    echo "$p 1000 files: $BURST ms" >&2
    stop_daemon_all
}

if [ -n "${BEFORE_DIST:-}" ]; then
    measure_daemons before "$BEFORE_DIST"
    before_lat=$LAT before_burst=$BURST
fi
measure_daemons ours "$dist"
ours_lat=$LAT ours_burst=$BURST

pair ga
(cd "$work/ga-a" && git annex assistant) && (cd "$work/ga-b" && git annex assistant)
sleep 3
ga_lat=$(latency "$work/ga-a" "$work/ga-b" git-annex)
ga_burst=$(burst "$work/ga-a" "$work/ga-b")
echo "git-annex 1000 files: $ga_burst ms" >&2

echo "4 KB latency median: ours $ours_lat ms, git-annex assistant $ga_lat ms, ratio $(awk "BEGIN{printf \"%.3f\", $ours_lat/$ga_lat}") (goal ≤ 0.2)"
echo "1000 × 1 KB: ours $ours_burst ms, git-annex assistant $ga_burst ms, ratio $(awk "BEGIN{printf \"%.3f\", $ours_burst/$ga_burst}") (goal ≤ 0.2)"
if [ -n "${BEFORE_DIST:-}" ]; then
    echo "before ($BEFORE_DIST): 4 KB latency median $before_lat ms, 1000 × 1 KB $before_burst ms; after/before: latency $(awk "BEGIN{printf \"%.3f\", $ours_lat/$before_lat}"), burst $(awk "BEGIN{printf \"%.3f\", $ours_burst/$before_burst}")"
fi
