#!/usr/bin/env bash
# Latency of change signals: another clone pushes to a shared remote (over ssh to a real sshd running the
# stock git-annex-shell notifychanges, and on a local path); the time until the change is merged in a clone
# that only hears of it through the signal, against a clone told at once (its sync asked for syncAll right
# after the push) in the same rounds. Prints per-round ms, medians and the ratio (goal: median < 1000 ms,
# ratio ≈ 1 or below: the signal adds nothing to the fetch and merge it triggers).
#   bench/change-signals.sh [ROUNDS]     (20 by default)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-20}
cd "$top"
nice -n 15 mvn -o -q -pl bundles/gitsync verify -Dtest=ChangeSignalsSyncTest -Dsignals.rounds="$rounds" \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -a -o 'change signal (.*ratio [0-9.]*' || {
    echo "the test failed; see bundles/gitsync/target/surefire-reports" >&2; exit 1; }
