#!/bin/bash
# 1 GiB local upload through the transfer queue into a git-annex remote, against cp of the same file.
# Usage: bench/transfer-throughput.sh [SIZE_MIB]
source "$(dirname "$0")/common.sh"
SIZE=${1:-1024}
W=$(mktemp -d /tmp/bench-xfer.XXXX); trap 'chmod -R u+w "$W"; rm -rf "$W"' EXIT
git init -q -b master "$W/a" && cd "$W/a" && git annex init -q A
head -c "${SIZE}M" /dev/urandom > big.bin
git annex add -q big.bin && git commit -qm big
git clone -q "$W/a" "$W/b" && (cd "$W/b" && git annex init -q B)
git remote add b ../b
OBJ=$(readlink -f big.bin)
sync; t0=$(date +%s.%N); cp "$OBJ" "$W/b/cp-copy"; t1=$(date +%s.%N); rm "$W/b/cp-copy"
CP_S=$(echo "$t1 - $t0" | bc)
OURS=$(bench upload "$W/a" big.bin b | awk '/upload_seconds/ {print $2}')
(cd "$W/b" && git annex fsck -q --fast big.bin >/dev/null 2>&1 || true)
echo "size_mib $SIZE cp_seconds $CP_S ours_seconds $OURS ratio_cp_over_ours $(echo "scale=3; $CP_S / $OURS" | bc)"
