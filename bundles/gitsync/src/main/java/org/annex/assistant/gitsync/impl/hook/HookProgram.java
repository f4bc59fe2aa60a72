package org.annex.assistant.gitsync.impl.hook;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the configured program once: directly, not through a shell (the setting is a path, never a command
 * line to evaluate), in the work tree, stdin empty, with the given environment added, killed after the
 * timeout. Its output is kept in a file beside our state so a failing hook can be looked at.
 */
public final class HookProgram {
    /** How one run ended. */
    public record Outcome(int exitCode, boolean timedOut, String output) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    private static final int OUTPUT_KEPT_CHARS = 2000;

    private final Path program;
    private final Duration timeout;

    public HookProgram(Path program, Duration timeout) {
        this.program = program;
        this.timeout = timeout;
    }

    public Path program() {
        return program;
    }

    /**
     * @param output where its stdout and stderr go (replaced each run)
     * @throws IOException if it cannot be started (missing, not executable)
     */
    public Outcome run(File workTree, Map<String, String> environment, Path output) throws IOException, InterruptedException {
        Files.createDirectories(output.getParent());
        ProcessBuilder pb = new ProcessBuilder(program.toString()).directory(workTree)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly(); // the bundle is stopping: leave no hook behind
            throw e;
        }
        if (!ended) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (text.length() > OUTPUT_KEPT_CHARS) {
            text = text.substring(text.length() - OUTPUT_KEPT_CHARS);
        }
        return new Outcome(ended ? p.exitValue() : -1, !ended, text.strip());
    }
}
