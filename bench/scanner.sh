#!/bin/bash
# Scanner: notice 10 new files among N annexed files, against git annex sync --content in a copy of the repo.
# The big repository is generated with git fast-import (pointer files of keys whose content is elsewhere).
# Usage: bench/scanner.sh N
source "$(dirname "$0")/common.sh"
N=${1:-10000}
W=$(mktemp -d /tmp/bench-scan.XXXX); trap 'chmod -R u+w "$W"; rm -rf "$W"' EXIT
git init -q -b master "$W/a" && cd "$W/a" && git annex init -q A
python3 - "$N" <<'PY' | git fast-import --quiet
import sys, hashlib
n = int(sys.argv[1])
out = sys.stdout.buffer
out.write(b"commit refs/heads/master\ncommitter Bench <bench@example.org> 1700000000 +0000\ndata 4\nbig\n")
for i in range(n):
    h = hashlib.sha256(b"file %d" % i).hexdigest()
    p = b"/annex/objects/SHA256E-s100--%s.dat\n" % h.encode()
    out.write(b"M 100644 inline d%03d/f%06d.dat\ndata %d\n%s" % (i % 1000, i, len(p), p))
out.write(b"\n")
PY
git -c filter.annex.process= -c filter.annex.smudge=cat -c filter.annex.clean=cat reset -q --hard master
git clone -q --bare "$W/a" "$W/b.git" && (cd "$W/b.git" && git annex init -q B)
git remote add b ../b.git && git config remote.b.annex-uuid "$(git -C ../b.git config annex.uuid)"
cp -a "$W/a" "$W/a-sync"
bench scan "$W/a"
cd "$W/a-sync"
for i in $(seq 0 9); do mkdir -p changed; echo "changed $i" > changed/new$i.txt; done
git -c annex.addunlocked=true annex add -q changed && git commit -qm changed
t0=$(date +%s.%N); git annex sync -q --content --no-pull b >/dev/null 2>&1; t1=$(date +%s.%N)
echo "git_annex_sync_content_seconds $(echo "$t1 - $t0" | bc) files $N"
