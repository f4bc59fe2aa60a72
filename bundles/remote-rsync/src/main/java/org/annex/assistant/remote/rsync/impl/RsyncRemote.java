package org.annex.assistant.remote.rsync.impl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.AbstractRemote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.transfer.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An rsync special remote: git-annex's {@code hashdirlower/KEY/KEY} layout under an rsync URL (a local path,
 * {@code host:path} over ssh, or {@code rsync://}), moved by the {@code rsync} program.
 *
 * <p>Stores keep interrupted uploads in a {@code .rsync-partial} directory beside the key, so the key file
 * only appears when complete and a retried store resumes. Retrieves append to what the destination already
 * holds ({@code --append-verify}, which resends the whole file if the prefix turns out to differ).
 * Progress comes from {@code --info=progress2}. rsync moves the bytes itself, so the speed knob reaches it
 * as {@code --bwlimit}: the lower of the remote's own {@code annex-rsync-bwlimit} and the rate controller's
 * limit for the transfer's direction, as it stands when the transfer starts (rsync cannot change it later).
 */
public final class RsyncRemote extends AbstractRemote {
    private static final Logger LOG = LoggerFactory.getLogger(RsyncRemote.class);
    private static final Pattern PROGRESS = Pattern.compile("^\\s*([0-9][0-9,]*)\\s+\\d+%");
    private static final int RSYNC_PARTIAL_TRANSFER = 23;

    private final String url;
    private final boolean local;
    private volatile long bandwidthLimit;
    /** The rate controller's limit in bytes per second for a direction (0 = none). */
    private final ToLongFunction<Direction> controllerLimit;

    RsyncRemote(String name, String uuid, int cost, String url, boolean local, ToLongFunction<Direction> controllerLimit) {
        super(name, uuid, cost);
        this.url = url.endsWith("/") ? url : url + "/";
        this.local = local;
        this.controllerLimit = controllerLimit;
    }

    /**
     * The speed knob: the limit in KiB/s (rsync's {@code --bwlimit}; 0 = unlimited) for transfers started
     * from now on. A transfer already running keeps the limit it started with.
     */
    public void setBandwidthLimit(long kibPerSecond) {
        if (kibPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth limit must be 0 (unlimited) or positive: " + kibPerSecond);
        }
        bandwidthLimit = kibPerSecond;
    }

    public long bandwidthLimit() {
        return bandwidthLimit;
    }

    /** rsync's --bwlimit for a transfer starting now, in KiB/s (0 = unlimited). */
    long limitKiB(Direction direction) {
        long own = bandwidthLimit;
        long bytes = controllerLimit.applyAsLong(direction);
        // Rounded up: rsync takes whole KiB/s, and 0 would lift the limit.
        long controller = bytes <= 0 ? 0 : Math.max(1, (bytes + 1023) / 1024);
        return own == 0 ? controller : controller == 0 ? own : Math.min(own, controller);
    }

    @Override
    public boolean checkPresent(Key key) throws IOException {
        return exists(url + RemoteConfig.objectPath(key));
    }

    @Override
    public void store(Key key, Path content, String file, Progress progress) throws IOException {
        Path stage = Files.createTempDirectory("annex-rsync");
        try {
            Path staged = stage.resolve(RemoteConfig.objectPath(key));
            Files.createDirectories(staged.getParent());
            Files.createSymbolicLink(staged, content.toAbsolutePath());
            run(progress, Direction.UPLOAD, "--recursive", "--copy-links", "--ignore-existing", "--partial-dir=.rsync-partial",
                    stage + "/", url);
        } catch (IOException e) {
            throw new IOException("remote " + name() + ": storing " + key + " failed: " + e.getMessage(), e);
        } finally {
            deleteStage(stage);
        }
    }

    @Override
    public void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
        if (Files.isSymbolicLink(destination) || (Files.exists(destination) && !Files.isRegularFile(destination))) {
            throw new IOException("remote " + name() + ": destination " + destination + " is not a regular file");
        }
        try {
            run(progress, Direction.DOWNLOAD, "--inplace", "--append-verify", url + RemoteConfig.objectPath(key), destination.toString());
        } catch (IOException e) {
            throw new IOException("remote " + name() + ": retrieving " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(Key key) throws IOException {
        String keyDir = url + key.hashDirLower() + key.fileName() + "/";
        if (!exists(keyDir)) {
            return;
        }
        // rsync deletes on the far side only by mirroring: an empty directory onto the key's directory.
        Path empty = Files.createTempDirectory("annex-rsync");
        try {
            run(total -> { }, null, "--recursive", "--delete", empty + "/", keyDir);
        } catch (IOException e) {
            throw new IOException("remote " + name() + ": removing " + key + " failed: " + e.getMessage(), e);
        } finally {
            Files.delete(empty);
        }
    }

    private boolean exists(String path) throws IOException {
        if (local && !Files.isDirectory(Path.of(url))) {
            throw new IOException("remote " + name() + ": directory " + url + " is not available (not mounted?)");
        }
        Result r = rsync(total -> { }, null, List.of("--list-only", path));
        if (r.exit == 0) {
            return true;
        }
        if (r.exit == RSYNC_PARTIAL_TRANSFER && r.stderr.contains("No such file or directory")) {
            return false;
        }
        throw new IOException("remote " + name() + ": " + r.describe());
    }

    /** @param direction the content's way, or null when none moves (listing, removing) */
    private void run(Progress progress, Direction direction, String... args) throws IOException {
        Result r = rsync(progress, direction, List.of(args));
        if (r.exit != 0) {
            throw new IOException(r.describe());
        }
    }

    private Result rsync(Progress progress, Direction direction, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--protect-args", "--info=progress2", "--no-motd"));
        long limit = direction == null ? 0 : limitKiB(direction);
        if (limit > 0) {
            cmd.add("--bwlimit=" + limit);
        }
        if (!local) {
            // A daemon has no terminal to ask for a password on: fail instead of hanging.
            cmd.add("--rsh=ssh -o BatchMode=yes");
        }
        cmd.addAll(args);
        LOG.debug("{}", cmd);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(err);
            } catch (IOException e) {
                LOG.debug("rsync stderr", e);
            }
        }, "rsync-stderr-" + name());
        errReader.start();
        try (InputStream out = new BufferedInputStream(p.getInputStream())) {
            readProgress(out, progress);
            int exit = p.waitFor();
            errReader.join();
            return new Result(exit, err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** progress2 lines end in '\r' while a file moves; the first number is the running byte count. */
    private static void readProgress(InputStream out, Progress progress) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = out.read()) >= 0) {
            if (c == '\r' || c == '\n') {
                Matcher m = PROGRESS.matcher(line);
                if (m.find()) {
                    progress.bytes(Long.parseLong(m.group(1).replace(",", "")));
                }
                line.setLength(0);
            } else if (line.length() < 1000) {
                line.append((char) c);
            }
        }
    }

    private static void deleteStage(Path stage) throws IOException {
        try (var walk = Files.walk(stage)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final class Result {
        final int exit;
        final String stderr;

        Result(int exit, String stderr) {
            this.exit = exit;
            this.stderr = stderr;
        }

        String describe() {
            String msg = stderr.lines().filter(l -> !l.isBlank()).reduce((a, b) -> a + "; " + b).orElse("");
            return "rsync exited with " + exit + (msg.isEmpty() ? "" : ": " + msg);
        }
    }

    @Override
    public String toString() {
        return "rsync remote " + name() + " at " + url;
    }
}
