package org.annex.assistant.api.transfer;

import java.util.List;

import org.annex.assistant.api.annex.Key;
import org.osgi.annotation.versioning.ProviderType;

/** Transfers waiting and running; progress comes as {@code annex/transfer/*} events. */
@ProviderType
public interface TransferQueue {
    /** Queues a transfer unless the same one is queued or running. Returns true if it was queued. */
    boolean enqueue(Direction direction, Key key, String file, String remoteName);

    List<Transfer> queued();

    List<Transfer> running();

    /** A transfer as the queue shows it. */
    final class Transfer {
        public final Direction direction;
        public final Key key;
        public final String file;
        public final String remote;
        public final long bytes;

        public Transfer(Direction direction, Key key, String file, String remote, long bytes) {
            this.direction = direction;
            this.key = key;
            this.file = file;
            this.remote = remote;
            this.bytes = bytes;
        }
    }
}
