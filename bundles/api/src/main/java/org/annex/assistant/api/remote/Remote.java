package org.annex.assistant.api.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A place content can be sent to and fetched from: a git remote or a special remote. Each remote type
 * is a service in its own bundle; {@link RemoteFactory} makes one per configured remote.
 */
@ConsumerType
public interface Remote extends AutoCloseable {
    String name();

    String uuid();

    /** annex-cost: cheaper remotes are used first (git-annex: 100 local, 200 ssh/network). */
    int cost();

    boolean checkPresent(Key key) throws IOException;

    /** Sends content; the remote records its own location if it is a git-annex repository. */
    void store(Key key, Path content, String file, Progress progress) throws IOException;

    /**
     * Fetches content into {@code destination}, appending from its current length when the remote can
     * resume. The caller verifies the hash.
     */
    void retrieve(Key key, Path destination, String file, Progress progress) throws IOException;

    void remove(Key key) throws IOException;

    /** Releases what the remote holds between requests (a helper process, a connection); it may be reopened. */
    @Override
    default void close() {
    }

    /** Reports bytes moved so far; a transfer calls it as it goes, uploads too. */
    @FunctionalInterface
    interface Progress {
        void bytes(long total);

        /** Wraps a stream so that reads from it are reported. */
        default InputStream counting(InputStream in, long start) {
            return new ProgressInputStream(in, start, this);
        }
    }
}
