package org.annex.assistant.gitsync.impl.push;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.annex.assistant.core.NeighbourRepositories;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * A push to a repository on a local path that copies the few new objects as loose objects, as
 * git-receive-pack stores any push of fewer than {@code receive.unpackLimit} (100) objects. JGit's own
 * transport writes a pack for every push, however small: a daemon pushing location-log changes to its
 * neighbour many times a minute left it with hundreds of packs, every one of which each later object
 * lookup and pack write searches (measured: 700 packs after a 1000-file burst, most of both daemons' CPU
 * in pack index searches). Larger pushes are left to JGit's transport ({@link #push} answers empty).
 */
public final class LocalLoosePush implements RemotePusher {
    /** git-receive-pack's default receive.unpackLimit. */
    static final int UNPACK_LIMIT = 100;

    private final Repository local;
    /** Remote repositories stay open (core's service): opening one reads its refs and pack indexes. */
    private final NeighbourRepositories neighbours;

    public LocalLoosePush(Repository local, NeighbourRepositories neighbours) {
        this.local = local;
        this.neighbours = neighbours;
    }

    @Override
    public Optional<List<PushedRef>> push(PushTarget target, List<RefSpec> specs) throws IOException {
        return target.localGitDir().isPresent() ? push(target.localGitDir().get(), specs) : Optional.empty();
    }

    /**
     * Pushes {@code specs} (each {@code [+]src:dst}, src a ref of ours) into the repository whose git
     * directory is {@code remoteGitDir}. Empty when there are too many new objects for loose copies.
     */
    Optional<List<PushedRef>> push(File remoteGitDir, List<RefSpec> specs) throws IOException {
        // The repository core keeps open.
        Repository remote = neighbours.repository(remoteGitDir.toPath());
        List<ObjectId> sources = new ArrayList<>();
        for (RefSpec spec : specs) {
            ObjectId src = local.resolve(spec.getSource());
            if (src == null) {
                throw new IOException("cannot push " + spec.getSource() + ": no such ref");
            }
            sources.add(src);
        }
        try (ObjectReader reader = local.newObjectReader(); ObjectWalk walk = new ObjectWalk(reader)) {
            List<ObjectId> missing = missingObjects(walk, remote, sources);
            if (missing == null) {
                return Optional.empty();
            }
            copy(reader, remote, missing);
            List<PushedRef> out = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                out.add(update(walk, remote, specs.get(i), sources.get(i)));
            }
            return Optional.of(out);
        }
    }

    /**
     * The objects reachable from {@code sources} but not from any ref the remote has (as far as we have
     * those commits), commits last; null when there are more than {@link #UNPACK_LIMIT}.
     */
    private static List<ObjectId> missingObjects(ObjectWalk walk, Repository remote, List<ObjectId> sources) throws IOException {
        for (ObjectId src : sources) {
            walk.markStart(walk.parseAny(src));
        }
        for (Ref ref : remote.getRefDatabase().getRefs()) {
            ObjectId id = ref.getObjectId();
            if (id == null) {
                continue;
            }
            try {
                RevObject o = walk.parseAny(id);
                walk.markUninteresting(o);
            } catch (MissingObjectException e) {
                // A commit we do not have: it cannot be below what we send.
            }
        }
        List<ObjectId> commits = new ArrayList<>();
        List<ObjectId> others = new ArrayList<>();
        for (RevCommit c; (c = walk.next()) != null;) {
            commits.add(c.copy());
            if (commits.size() > UNPACK_LIMIT) {
                return null;
            }
        }
        for (RevObject o; (o = walk.nextObject()) != null;) {
            others.add(o.copy());
            if (commits.size() + others.size() > UNPACK_LIMIT) {
                return null;
            }
        }
        // Trees and blobs before the commits that need them, parents before children: a reader of the
        // remote never finds a commit whose objects are not there yet.
        List<ObjectId> ordered = new ArrayList<>(others);
        for (int i = commits.size() - 1; i >= 0; i--) {
            ordered.add(commits.get(i));
        }
        return ordered;
    }

    private static void copy(ObjectReader reader, Repository remote, List<ObjectId> objects) throws IOException {
        try (ObjectInserter ins = remote.newObjectInserter()) {
            for (ObjectId id : objects) {
                if (remote.getObjectDatabase().has(id)) {
                    continue;
                }
                ObjectLoader l = reader.open(id);
                ObjectId written = ins.insert(l.getType(), l.getCachedBytes(Integer.MAX_VALUE));
                if (!written.equals(id)) {
                    throw new IOException("object " + id.name() + " was copied as " + written.name());
                }
            }
            ins.flush();
        }
    }

    /** Moves one remote ref as receive-pack would: fast-forward only unless forced, compare-and-swap. */
    private static PushedRef update(RevWalk walk, Repository remote, RefSpec spec, ObjectId src) throws IOException {
        String dst = spec.getDestination();
        Ref current = remote.exactRef(dst);
        ObjectId old = current == null || current.getObjectId() == null ? ObjectId.zeroId() : current.getObjectId();
        if (old.equals(src)) {
            return new PushedRef(dst, RemoteRefUpdate.Status.UP_TO_DATE, null);
        }
        if (!spec.isForceUpdate() && !old.equals(ObjectId.zeroId()) && !fastForward(walk, old, src)) {
            return new PushedRef(dst, RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD, null);
        }
        RefUpdate u = remote.updateRef(dst);
        u.setExpectedOldObjectId(old);
        u.setNewObjectId(src);
        u.setForceUpdate(true);
        u.setRefLogMessage("push", false);
        RefUpdate.Result r = u.update();
        return switch (r) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> new PushedRef(dst, RemoteRefUpdate.Status.OK, null);
            default -> new PushedRef(dst, RemoteRefUpdate.Status.REJECTED_OTHER_REASON, "failed to lock (" + r + ")");
        };
    }

    private static boolean fastForward(RevWalk walk, ObjectId old, ObjectId src) throws IOException {
        walk.reset();
        try {
            RevObject o = walk.parseAny(old);
            RevObject n = walk.parseAny(src);
            if (!(o instanceof RevCommit) || !(n instanceof RevCommit)) {
                return false;
            }
            return walk.isMergedInto((RevCommit) o, (RevCommit) n);
        } catch (MissingObjectException e) {
            // The remote has a commit we lack: not a fast-forward from what we know.
            return false;
        } finally {
            walk.reset();
        }
    }
}
