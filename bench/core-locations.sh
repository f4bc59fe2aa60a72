#!/bin/bash
# Reading the location of every key of a 100k-key repository with the core bundle vs
# `git annex find --in=here` (goal: <= 0.2x its time). The repository is generated with git fast-import.
set -euo pipefail
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
s=$(date +%s.%N); found=$(git annex find --in=$OTHER | wc -l); e=$(date +%s.%N)
ga_other=$(echo "$e - $s" | bc -l)
s=$(date +%s.%N); git annex find --in=here | wc -l > /dev/null; e=$(date +%s.%N)
ga_here=$(echo "$e - $s" | bc -l)
s=$(date +%s.%N); out=$(java -cp "$CP" CoreBench locations "$R" 2>/dev/null); e=$(date +%s.%N)
java_total=$(echo "$e - $s" | bc -l)
echo "$out"
echo "git annex find --in=$OTHER found $found files"
printf 'git annex find --in=here:   %.2f s\n' "$ga_here"
printf 'git annex find --in=OTHER:  %.2f s (reads every location log)\n' "$ga_other"
printf 'java, whole process:        %.2f s\n' "$java_total"
printf 'ratio java/find --in=here:  %.3f (goal <= 0.2)\n' "$(echo "$java_total / $ga_here" | bc -l)"
printf 'ratio java/find --in=OTHER: %.3f\n' "$(echo "$java_total / $ga_other" | bc -l)"
