#!/usr/bin/env python3
"""Writes a git fast-import stream for an N-key git-annex repository: master holds N locked files
(symlinks into .git/annex/objects), the git-annex branch (on top of its current tip) one location log
per key saying it is present in HERE and in OTHER. Usage: make-annex-repo.py N HERE_UUID OTHER_UUID TIP"""
import hashlib, struct, sys

CHARS = "0123456789zqjxkmvwgpfZQJXKMVWGPF"

def hashdirmixed(key):
    w = struct.unpack('<I', hashlib.md5(key.encode()).digest()[:4])[0]
    c = [CHARS[(w >> (6 * i)) & 31] for i in range(4)]
    return c[1] + c[0] + '/' + c[3] + c[2] + '/'

def hashdirlower(key):
    h = hashlib.md5(key.encode()).hexdigest()
    return h[0:3] + '/' + h[3:6] + '/'

n, here, other, tip = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
out = sys.stdout.buffer
def data(b):
    out.write(b'data %d\n' % len(b)); out.write(b); out.write(b'\n')
keys = []
for i in range(n):
    content = b'content %d\n' % i
    keys.append('SHA256E-s%d--%s.dat' % (len(content), hashlib.sha256(content).hexdigest()))
ident = b'Bench <bench@example.com> 1795594686 +0000'
out.write(b'commit refs/heads/master\ncommitter ' + ident + b'\n'); data(b'files')
for i, k in enumerate(keys):
    path = 'd%03d/f%06d.dat' % (i // 1000, i)
    target = '../.git/annex/objects/' + hashdirmixed(k) + k + '/' + k
    out.write(b'M 120000 inline ' + path.encode() + b'\n'); data(target.encode())
out.write(b'commit refs/heads/git-annex\ncommitter ' + ident + b'\n'); data(b'update')
out.write(b'from ' + tip.encode() + b'\n')
uuids = '%s bench timestamp=1795594686s\n%s other timestamp=1795594686s\n' % (here, other)
out.write(b'M 100644 inline uuid.log\n'); data(uuids.encode())
for i, k in enumerate(keys):
    log = '1795594686.%ds 1 %s\n1795594687.%ds 1 %s\n' % (i + 1, here, i + 1, other)
    out.write(b'M 100644 inline ' + (hashdirlower(k) + k + '.log').encode() + b'\n'); data(log.encode())
out.write(b'done\n')
