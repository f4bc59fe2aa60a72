package org.annex.assistant.transfer.impl.queue;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;

/** One queued or running transfer: it waits cheapest remote first, then in the order it was queued. */
final class TransferJob implements Comparable<TransferJob> {
    /** What identifies a transfer: the same key, direction and remote is never queued twice. */
    record Id(Direction direction, Key key, String remote) {
    }

    final Id id;
    final String file;
    final int cost;
    final long seq;
    final boolean small;
    volatile long bytes;

    TransferJob(Id id, String file, int cost, long seq) {
        this.id = id;
        this.file = file;
        this.cost = cost;
        this.seq = seq;
        this.small = id.key().size().isPresent() && id.key().size().getAsLong() < Transfers.SMALL_BYTES;
    }

    /** The work-tree file, "" when the transfer has none. */
    String fileOrEmpty() {
        return file == null ? "" : file;
    }

    boolean hasFile() {
        return file != null && !file.isEmpty();
    }

    @Override
    public int compareTo(TransferJob o) {
        return cost != o.cost ? Integer.compare(cost, o.cost) : Long.compare(seq, o.seq);
    }

    TransferQueue.Transfer view() {
        return new TransferQueue.Transfer(id.direction(), id.key(), file, id.remote(), bytes);
    }
}
