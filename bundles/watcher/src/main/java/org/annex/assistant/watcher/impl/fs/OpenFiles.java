package org.annex.assistant.watcher.impl.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of some files a process has open for writing, from /proc (what lsof does for the git-annex
 * assistant): a file created but not yet closed, or reopened for appending, must not be added yet.
 */
public final class OpenFiles {
    private static final Path PROC = Path.of("/proc");
    private static final int O_ACCMODE = 3;

    private OpenFiles() {
    }

    /** The candidates (absolute, real paths) that some process holds open with write access. */
    public static Set<Path> openForWriting(Set<Path> candidates) {
        Set<Path> open = new HashSet<>();
        if (candidates.isEmpty()) {
            return open;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
                    for (Path fd : fds) {
                        Path target;
                        try {
                            target = Files.readSymbolicLink(fd);
                        } catch (IOException e) {
                            continue;
                        }
                        if (candidates.contains(target) && writable(pid.resolve("fdinfo").resolve(fd.getFileName()))) {
                            open.add(target);
                        }
                    }
                } catch (IOException e) {
                    // The process ended or belongs to someone we may not inspect.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return open;
    }

    private static boolean writable(Path fdinfo) {
        try {
            for (String line : Files.readAllLines(fdinfo)) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring(6).trim(), 8) & O_ACCMODE) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
