#!/bin/bash
# Reading the location of every key of a 100k-key repository with the core bundle vs
# `git annex find --in=here` (goal: <= 0.2x its time). The repository is generated with git fast-import.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-100000}
BENCH=$(cd "$(dirname "$0")" && pwd)
CP=$("$BENCH/build-core.sh")
DIR=$(mktemp -d)
trap 'chmod -R u+w "$DIR"; rm -rf "$DIR"' EXIT
R=$DIR/repo
git init -q -b master "$R"
cd "$R"
git config user.name Bench; git config user.email bench@example.com
git annex init -q bench
HERE=$(git config annex.uuid)
OTHER=bbbbbbbb-0000-4000-8000-000000000000
python3 "$BENCH/make-annex-repo.py" "$N" "$HERE" "$OTHER" "$(git rev-parse git-annex)" | git fast-import --quiet
git checkout -q -f master
git annex find --in=here > /dev/null 2>&1 || true   # first run builds git-annex's caches; time the next
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
ga_here=$(for _ in 1 2 3; do secs git annex find --in=here; done | median)
found=$(git annex find --in=$OTHER | wc -l)
ga_other=$(secs git annex find --in=$OTHER)
INDEX=$R/.git/annex-assistant/locations.idx
# Whole processes, as a command-line tool would run: cold (no index yet) and warm (index of the current tip).
proc_cold=$(for _ in 1 2 3; do rm -f "$INDEX"; secs java -cp "$CP" CoreBench count "$R"; done | median)
proc_warm=$(for _ in 1 2 3; do secs java -cp "$CP" CoreBench count "$R"; done | median)
java -cp "$CP" CoreBench count "$R" 2>/dev/null
# In one warmed-up JVM, as the daemon reads.
out=$(java -cp "$CP" CoreBench locations "$R" 2>/dev/null)
echo "$out"
field() { echo "$out" | grep -F "$1" | tail -1 | awk '{for (i = 1; i <= NF; i++) if ($i == "s") print $(i-1)}'; }
uncached=$(field "uncached (plain sequential read, run 3)")
cold=$(field "cold, no index file (run 3)")
file=$(field "warm, index file, new instance (run 3)")
mem=$(field "warm, repeated read in the same instance")
incr=$(field "warm, branch moved by those 100 (round 3)")
ratio() { printf '%.3f' "$(echo "$1 / $ga_here" | bc -l)"; }
echo "git annex find --in=$OTHER found $found files"
printf 'git annex find --in=here (median of 3):  %7.3f s\n' "$ga_here"
printf 'git annex find --in=OTHER:               %7.3f s (reads every location log)\n' "$ga_other"
printf '%-44s %7s  %s\n' "ours" "seconds" "ratio to find --in=here (goal <= 0.2)"
for row in "in JVM, warm, repeated read (daemon):$mem" "in JVM, warm, branch moved by 100 keys:$incr" \
        "in JVM, index file, new instance:$file" "in JVM, cold, no index (parallel read):$cold" \
        "in JVM, plain read without index:$uncached" "whole process, warm (index present):$proc_warm" \
        "whole process, cold (no index):$proc_cold"; do
    printf '%-44s %7.3f  %s\n' "${row%%:*}" "${row##*:}" "$(ratio "${row##*:}")"
done
