package org.annex.assistant.transfer.impl.queue;

import java.util.HashMap;
import java.util.Map;

import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;

/** The transfer events of one repository (started, progress, done), with the properties the console reads. */
final class TransferEvents {
    private final EventSink sink;
    private final String repository;

    TransferEvents(EventSink sink, String repository) {
        this.sink = sink;
        this.repository = repository;
    }

    void started(TransferJob job) {
        post(Topics.TRANSFER_STARTED, job, null, null);
    }

    void progress(TransferJob job) {
        post(Topics.TRANSFER_PROGRESS, job, null, null);
    }

    void done(TransferJob job, boolean ok, String message) {
        post(Topics.TRANSFER_DONE, job, ok, message);
    }

    private void post(String topic, TransferJob job, Boolean ok, String message) {
        Map<String, Object> p = new HashMap<>();
        p.put(Topics.REPOSITORY, repository);
        p.put(Topics.KEY, job.id.key().toString());
        p.put(Topics.FILE, job.fileOrEmpty());
        p.put(Topics.REMOTE, job.id.remote());
        p.put(Topics.DIRECTION, job.id.direction().dirName());
        p.put(Topics.BYTES, job.bytes);
        p.put(Topics.SIZE, job.id.key().size().orElse(-1));
        if (ok != null) {
            p.put(Topics.OK, ok);
        }
        if (message != null) {
            p.put(Topics.MESSAGE, message);
        }
        sink.post(topic, p);
    }
}
