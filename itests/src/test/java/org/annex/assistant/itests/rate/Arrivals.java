package org.annex.assistant.itests.rate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What arrives at the receiver, seen as the receiving repository sees it: the size of the partial object
 * in its {@code .git/annex/tmp}, sampled every few milliseconds, until the object is complete. The
 * receiver is git-annex-shell in another network namespace, so these are bytes that crossed the link.
 */
final class Arrivals implements AutoCloseable {
    private static final long POLL_MILLIS = 5;

    /** A size at a time (nanoseconds). */
    record Sample(long nanos, long bytes) {
    }

    private final Path tmpDir;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    Arrivals(Path receiver) {
        this.tmpDir = receiver.resolve(".git/annex/tmp");
        this.thread = new Thread(this::poll, "arrivals");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (!stop) {
            long size = partialSize();
            if (size > 0) {
                long now = System.nanoTime();
                synchronized (samples) {
                    samples.add(new Sample(now, size));
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long partialSize() {
        if (!Files.isDirectory(tmpDir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(tmpDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("SHA256E-")).mapToLong(p -> p.toFile().length())
                    .max().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0; // renamed away between the listing and the look
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The latest size seen, 0 before the first byte. */
    long bytes() {
        List<Sample> s = samples();
        return s.isEmpty() ? 0 : s.get(s.size() - 1).bytes();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join();
    }
}
