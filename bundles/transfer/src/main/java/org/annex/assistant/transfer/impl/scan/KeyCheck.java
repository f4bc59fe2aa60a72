package org.annex.assistant.transfer.impl.scan;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.transfer.impl.queue.PointerFiles;

/** What one scan decides for each key it looks at: which uploads and which download to queue. */
final class KeyCheck {
    private final AnnexRepository repository;
    private final TransferQueue queue;
    private final TransferScanner.Stats stats;
    private final int numCopies;
    private final UploadChoice uploads;
    private final List<Remote> all;

    /** @param all every remote of the repository, for the plan ({@link UploadChoice}) */
    KeyCheck(AnnexRepository repository, TransferQueue queue, TransferScanner.Stats stats, int numCopies,
            UploadChoice uploads, List<Remote> all) {
        this.repository = repository;
        this.uploads = uploads;
        this.all = all;
        this.queue = queue;
        this.stats = stats;
        this.numCopies = numCopies;
    }

    /**
     * Decides one key: upload to those of {@code uploadTo} that {@link UploadChoice} picks (the plan's next
     * hops, or each that lacks it and wants it: everything, when it has no preferred content); download it if this repository wants and lacks it, from the cheapest of
     * {@code sources} that has it, provided that every source that has it is among {@code fresh}: one that is
     * not has seen this entry before, and the download was queued then. {@code firstLook} is false when the
     * entry is checked again for remotes that missed it, which leaves what concerns this repository alone.
     */
    void check(Key key, String file, List<Remote> uploadTo, List<Remote> sources, List<Remote> fresh,
            boolean firstLook) throws IOException {
        stats.keysChecked++;
        Set<String> locations = repository.locations(key);
        if (firstLook && locations.size() < numCopies) {
            stats.lackingCopies++;
        }
        if (repository.hasContent(key)) {
            // Content that arrived by another way (a remote stored it here) still has to reach the file.
            if (firstLook && file != null && !file.isEmpty()) {
                PointerFiles.populate(repository, key, file);
            }
            for (Remote r : uploads.choose(key, file, locations, uploadTo, all)) {
                if (queue.enqueue(Direction.UPLOAD, key, file, r.name())) {
                    stats.uploadsQueued++;
                }
            }
        } else if (repository.wants(repository.uuid(), key, file)) {
            Remote from = null;
            for (Remote r : sources) {
                if (locations.contains(r.uuid())) {
                    if (!fresh.contains(r)) {
                        return;
                    }
                    if (from == null) {
                        from = r;
                    }
                }
            }
            if (from != null && queue.enqueue(Direction.DOWNLOAD, key, file, from.name())) {
                stats.downloadsQueued++;
            }
        }
    }
}
