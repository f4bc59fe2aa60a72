package org.annex.assistant.core.impl;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.core.impl.branch.AnnexBranch;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The present uuids of every key with a location log, kept for a git-annex branch commit in memory and in
 * {@code .git/annex-assistant/locations.idx}, so that reading all locations does not inflate every log
 * blob again. When the branch tip has moved, only the location logs that differ between the indexed
 * commit's tree and the tip's are read; the journal is laid over the result on every read, as git-annex
 * prefers it to the branch. The file is a cache: it is written by temporary file and rename, carries a
 * version, the commit it reflects and a CRC32, and a missing, damaged or stale one (its commit gone after
 * a history rewrite and gc) only costs a full read of the branch.
 */
final class LocationIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LocationIndex.class);
    private static final byte[] MAGIC = "annex-assistant location index\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** The file is rewritten after an incremental update once this many logs changed since it was written... */
    private static final int REWRITE_AFTER_CHANGES = 1024;
    /** ...or this long after it was written, so a daemon's index never lags far behind its branch. */
    private static final long REWRITE_AFTER_NANOS = 30_000_000_000L;

    /** How the committed part of the last read was had, for tests and benchmarks. */
    enum Source { MEMORY, FILE, INCREMENTAL, FULL }

    private final AnnexBranch branch;
    private final Repository repo;
    private final Path file;
    private final LocationLogScan scan = new LocationLogScan();
    private Snapshot snapshot;
    private ObjectId written;
    private int changedSinceWrite;
    private long writtenAt;
    private final AtomicReference<Source> lastSource = new AtomicReference<>();

    /** The locations of every committed location log of one branch commit (null before the branch exists). */
    private static final class Snapshot {
        final ObjectId commit;
        final Map<Key, Set<String>> present;

        Snapshot(ObjectId commit, Map<Key, Set<String>> present) {
            this.commit = commit;
            this.present = present;
        }
    }

    LocationIndex(AnnexBranch branch, Path file) {
        this.branch = branch;
        this.repo = branch.repository();
        this.file = file;
    }

    Source lastSource() {
        return lastSource.get();
    }

    /** The present uuids of every key with a location log, journal first; an unmodifiable map of unmodifiable sets. */
    synchronized Map<Key, Set<String>> all() throws IOException {
        // The journal before the tip: a journal file committed meanwhile is then found in one or the other.
        Map<Key, Set<String>> journalled = new HashMap<>();
        for (String p : branch.journal().list()) {
            if (LocationLogPath.hasShape(p)) {
                Key key = LocationLogPath.keyOf(p).orElse(null);
                byte[] content = key == null ? null : branch.journal().read(p);
                if (content != null) {
                    journalled.put(key, scan.present(content, p));
                }
            }
        }
        Map<Key, Set<String>> committed = committed(branch.head()).present;
        if (journalled.isEmpty()) {
            return committed;
        }
        Map<Key, Set<String>> out = new HashMap<>(committed);
        out.putAll(journalled);
        return Collections.unmodifiableMap(out);
    }

    private Snapshot committed(ObjectId tip) throws IOException {
        if (tip == null) {
            lastSource.set(Source.FULL);
            return new Snapshot(null, Collections.emptyMap());
        }
        if (snapshot != null && snapshot.commit.equals(tip)) {
            lastSource.set(Source.MEMORY);
            return snapshot;
        }
        Source source;
        Snapshot base = snapshot;
        if (base == null) {
            base = load();
            written = base == null ? null : base.commit;
            writtenAt = System.nanoTime();
            changedSinceWrite = 0;
        }
        Snapshot next = null;
        if (base != null && base.commit.equals(tip)) {
            next = base;
            source = Source.FILE;
        } else {
            if (base != null) {
                next = update(base, tip);
            }
            source = next != null ? Source.INCREMENTAL : Source.FULL;
            if (next == null) {
                next = new Snapshot(tip.copy(), Collections.unmodifiableMap(LocationLogBulkRead.read(repo, tip, scan)));
                changedSinceWrite = Integer.MAX_VALUE;
            }
        }
        snapshot = next;
        lastSource.set(source);
        if (!next.commit.equals(written) && (changedSinceWrite >= REWRITE_AFTER_CHANGES
                || System.nanoTime() - writtenAt >= REWRITE_AFTER_NANOS)) {
            save(next);
        }
        return next;
    }

    /** The snapshot moved from its commit to {@code tip} by the logs that differ; null if its commit is gone. */
    private Snapshot update(Snapshot base, ObjectId tip) throws IOException {
        Map<Key, Set<String>> present = new HashMap<>(base.present);
        int changed = 0;
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(walk.getObjectReader())) {
            ObjectReader reader = walk.getObjectReader();
            tw.addTree(walk.parseCommit(base.commit).getTree());
            tw.addTree(walk.parseCommit(tip).getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                String path = tw.getPathString();
                Key key = LocationLogPath.keyOf(path).orElse(null);
                if (key == null) {
                    continue;
                }
                changed++;
                if (tw.getFileMode(1) == FileMode.MISSING) {
                    present.remove(key);
                } else {
                    byte[] content = reader.open(tw.getObjectId(1), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
                    present.put(key, scan.present(content, path));
                }
            }
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            // The indexed commit went away with a rewritten history (or was never a commit).
            LOG.info("location index of {} cannot be brought up to date ({}): reading the whole branch",
                    repo.getDirectory(), e.getMessage());
            return null;
        }
        changedSinceWrite = changedSinceWrite == Integer.MAX_VALUE ? changed : changedSinceWrite + changed;
        return new Snapshot(tip.copy(), Collections.unmodifiableMap(present));
    }

    /** The snapshot in the file, or null if there is none or it cannot be trusted. */
    private Snapshot load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("cannot read the location index {}: {}", file, e.toString());
            return null;
        }
        try {
            return parse(bytes);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("ignoring the damaged location index {}: {}", file, e.getMessage());
            return null;
        }
    }

    private Snapshot parse(byte[] bytes) throws IOException {
        int body = bytes.length - Long.BYTES;
        if (body < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a location index");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, body);
        if (crc.getValue() != ByteBuffer.wrap(bytes, body, Long.BYTES).getLong()) {
            throw new IOException("checksum mismatch");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, body - MAGIC.length));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("version " + version + ", expected " + VERSION);
        }
        byte[] id = new byte[Constants.OBJECT_ID_LENGTH];
        in.readFully(id);
        ObjectId commit = ObjectId.fromRaw(id);
        String[] uuids = new String[count(in, bytes.length)];
        for (int i = 0; i < uuids.length; i++) {
            uuids[i] = in.readUTF();
        }
        List<Set<String>> sets = new ArrayList<>();
        for (int i = count(in, bytes.length); i > 0; i--) {
            Set<String> set = new java.util.TreeSet<>();
            for (int j = count(in, bytes.length); j > 0; j--) {
                set.add(uuids[index(in, uuids.length)]);
            }
            sets.add(scan.intern(set));
        }
        int keys = count(in, bytes.length);
        Map<Key, Set<String>> present = new HashMap<>(keys * 4 / 3 + 1);
        for (int i = 0; i < keys; i++) {
            Key key = Key.parse(in.readUTF());
            present.put(key, sets.get(index(in, sets.size())));
        }
        if (in.available() != 0) {
            throw new IOException("trailing bytes");
        }
        return new Snapshot(commit, Collections.unmodifiableMap(present));
    }

    private static int count(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    private static int index(DataInputStream in, int size) throws IOException {
        int i = in.readInt();
        if (i < 0 || i >= size) {
            throw new IOException("bad index " + i);
        }
        return i;
    }

    /** Writes the snapshot beside the file and renames it into place; a failure costs only a later full read. */
    private void save(Snapshot s) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), "locations", ".tmp");
            Map<String, Integer> uuidIds = new LinkedHashMap<>();
            Map<Set<String>, Integer> setIds = new LinkedHashMap<>();
            for (Set<String> set : s.present.values()) {
                if (!setIds.containsKey(set)) {
                    setIds.put(set, setIds.size());
                    for (String u : set) {
                        uuidIds.putIfAbsent(u, uuidIds.size());
                    }
                }
            }
            CRC32 crc = new CRC32();
            try (OutputStream raw = Files.newOutputStream(tmp)) {
                BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
                out.write(MAGIC);
                out.writeInt(VERSION);
                byte[] id = new byte[Constants.OBJECT_ID_LENGTH];
                s.commit.copyRawTo(id, 0);
                out.write(id);
                out.writeInt(uuidIds.size());
                for (String u : uuidIds.keySet()) {
                    out.writeUTF(u);
                }
                out.writeInt(setIds.size());
                for (Set<String> set : setIds.keySet()) {
                    out.writeInt(set.size());
                    for (String u : set) {
                        out.writeInt(uuidIds.get(u));
                    }
                }
                out.writeInt(s.present.size());
                for (Map.Entry<Key, Set<String>> e : s.present.entrySet()) {
                    out.writeUTF(e.getKey().toString());
                    out.writeInt(setIds.get(e.getValue()));
                }
                out.flush();
                buffered.write(ByteBuffer.allocate(Long.BYTES).putLong(crc.getValue()).array());
                buffered.flush();
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            written = s.commit;
            writtenAt = System.nanoTime();
            changedSinceWrite = 0;
        } catch (IOException e) {
            LOG.warn("cannot write the location index {}: {}", file, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("cannot remove {}: {}", tmp, e.toString());
                }
            }
        }
    }
}
