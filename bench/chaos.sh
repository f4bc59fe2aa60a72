#!/usr/bin/env bash
# Chaos, longer than the test suite's: itests' ChaosIT with N restarts of A's gitsync and transfer bundles
# (B's once) while FILES small files sync A→B, ROUNDS times with a new seed each, each seed printed.
# Usage: bench/chaos.sh [N restarts, 20] [FILES, 3000] [ROUNDS, 1]; CHAOS_SEED=S repeats one seed.
# Builds the distribution first when it is missing (as the other benchmarks do), then runs Maven offline.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dist
restarts=${1:-20} files=${2:-3000} rounds=${3:-1}
cd "$top"
for r in $(seq 1 "$rounds"); do
    seed=${CHAOS_SEED:-$(od -An -N8 -td8 /dev/urandom | tr -d ' ')}
    echo "chaos round $r/$rounds: seed $seed, $restarts restarts, $files files" >&2
    mvn -B -o -q -pl itests verify -Dit.test=ChaosIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Dfailsafe.failIfNoSpecifiedTests=false -Dchaos.seed="$seed" -Dchaos.rounds="$restarts" -Dchaos.files="$files"
done
