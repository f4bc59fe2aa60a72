package org.annex.assistant.remote.external.impl;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running {@code git-annex-remote-*} program: lines to its stdin, lines from its stdout, stderr logged. */
final class ExternalProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalProcess.class);

    /** How to start the program: command, working directory (the repository's top, as git-annex does), environment. */
    record Launch(List<String> command, Path workDir, Map<String, String> env) {
    }

    /** The program is gone (exited, or closed its pipes); other IOExceptions are protocol failures. */
    static final class ProgramGone extends IOException {
        private static final long serialVersionUID = 1L;

        ProgramGone(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String remote;
    private final Process process;
    private final BufferedReader from;
    private final BufferedWriter to;

    private ExternalProcess(String remote, Process process) {
        this.remote = remote;
        this.process = process;
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.to = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    static ExternalProcess start(String remote, Launch launch) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(launch.workDir().toFile());
        pb.environment().clear();
        pb.environment().putAll(launch.env());
        ExternalProcess p = new ExternalProcess(remote, pb.start());
        Thread stderr = new Thread(p::logStderr, "external-remote-stderr-" + remote);
        stderr.setDaemon(true);
        stderr.start();
        return p;
    }

    private void logStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null;) {
                LOG.info("remote {}: {}", remote, line);
            }
        } catch (IOException e) {
            LOG.debug("remote {}: stderr closed", remote, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void send(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IOException("a protocol line cannot contain a line break: " + line);
        }
        LOG.trace("remote {} <- {}", remote, line);
        try {
            to.write(line);
            to.write('\n');
            to.flush();
        } catch (IOException e) {
            throw new ProgramGone(exited(), e);
        }
    }

    String receive() throws IOException {
        String line = from.readLine();
        if (line == null) {
            throw new ProgramGone(exited(), null);
        }
        LOG.trace("remote {} -> {}", remote, line);
        return line;
    }

    private String exited() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "the remote program exited with " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the remote program closed its output";
    }

    @Override
    public void close() {
        try {
            to.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
