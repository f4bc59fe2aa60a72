#!/usr/bin/env bash
# The speed knob with real traffic, longer than the suite's: itests' RateLimitIT at each limit (MiB/s) over
# SIZE MiB: git-annex's own annex.bwlimit copy and A's daemon uploading over ssh into a network namespace
# (the limit halved half-way), each row printed with its rate, its fullest second and every second.
# Usage: bench/ratecontrol.sh [LIMITS, 1,10,50] [SIZE MiB, 200]. Needs root (ip netns); skips without.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dist
limits=${1:-1,10,50} size=${2:-200}
cd "$top"
mvn -B -o -pl itests verify -Dit.test=RateLimitIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dratecontrol.limitsMiB="$limits" -Dratecontrol.sizeMiB="$size" \
    | grep -E '^\[rate\]|Tests run:|FAIL'
