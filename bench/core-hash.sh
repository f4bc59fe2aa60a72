#!/bin/bash
# SHA256E hashing throughput of the core bundle vs sha256sum on a 1 GiB file (goal: >= 0.8x sha256sum).
set -euo pipefail
CP=$("$(dirname "$0")/build-core.sh")
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
F=$DIR/big.bin
head -c 1073741824 /dev/urandom > "$F"
sha256sum "$F" > /dev/null            # warm the page cache for both
best=999999
for i in 1 2 3; do
  s=$(date +%s.%N); sum=$(sha256sum "$F" | cut -d' ' -f1); e=$(date +%s.%N)
  best=$(echo "if ($e - $s < $best) $e - $s else $best" | bc -l)
done
out=$(java -cp "$CP" CoreBench hash "$F")
echo "$out"
java_s=$(echo "$out" | awk '{print $3}')
case "$out" in *"$sum"*) echo "digest matches sha256sum" ;; *) echo "DIGEST MISMATCH"; exit 1 ;; esac
printf 'sha256sum: %.3f s (%.0f MiB/s)\n' "$best" "$(echo "1024 / $best" | bc -l)"
printf 'java:      %.3f s (%.0f MiB/s)\n' "$java_s" "$(echo "1024 / $java_s" | bc -l)"
printf 'throughput ratio java/sha256sum: %.2f (goal >= 0.8)\n' "$(echo "$best / $java_s" | bc -l)"
