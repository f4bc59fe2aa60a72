package org.annex.assistant.transfer.impl.unit;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.core.TransferInfoFiles;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up transfers that a previous run left unfinished (killed, crashed, powered off): their info
 * files, no longer locked by anyone, say which key, which remote and which file. A scan would not find
 * them again, since it already counted them as queued; a download goes on from its partial file.
 */
final class InterruptedTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedTransfers.class);

    private InterruptedTransfers() {
    }

    static void resume(AnnexRepository repository, RemoteRegistry remotes, TransferQueue queue) {
        try {
            Map<String, Remote> byUuid = new HashMap<>();
            for (Remote r : remotes.all()) {
                byUuid.put(r.uuid(), r);
            }
            for (TransferInfoFiles.Info i : new TransferInfoFiles(repository.gitDir()).list()) {
                Remote r = byUuid.get(i.remoteUuid);
                if (!i.running && !i.failed && r != null && queue.enqueue(i.direction, i.key, i.file, r.name())) {
                    LOG.info("resuming the interrupted {} of {} ({})", i.direction.dirName(), i.file.isEmpty() ? i.key : i.file, r.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot look for interrupted transfers in {}: {}", repository.workTree(), e.getMessage());
        }
    }
}
