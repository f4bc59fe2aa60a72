package org.annex.assistant.launcher;

import java.nio.file.Path;
import java.util.Optional;

/** Entry point of {@code bin/annex-assistant}. Every failure the user can act on is one line and an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (LaunchException e) {
            System.err.println("annex-assistant: " + e.getMessage());
            System.exit(e.exitCode());
        } catch (Exception e) {
            System.err.println("annex-assistant: " + e);
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path home = Path.of(System.getProperty("annex.assistant.home", ".")).toAbsolutePath();
        switch (options.command) {
            case "run":
                return new Daemon(home, options).run();
            case "stop":
                return stop(options);
            case "status":
                return status(options);
            default:
                Path unit = ServiceUnit.install(home, options.repo);
                System.out.println("wrote " + unit);
                if (unit.toString().endsWith(".service")) {
                    System.out.println("enable it with: systemctl --user daemon-reload && systemctl --user enable --now "
                            + unit.getFileName());
                } else {
                    System.out.println("load it with: launchctl load " + unit);
                }
                return 0;
        }
    }

    private static StateDir existingState(Options options) throws LaunchException {
        Path dotGit = options.repo.resolve(".git");
        if (!dotGit.toFile().isDirectory()) {
            throw new LaunchException(LaunchException.NOT_RUNNING, "annex-assistant is not running on " + options.repo
                    + " (not a git repository)");
        }
        return new StateDir(dotGit);
    }

    private static int stop(Options options) throws LaunchException, InterruptedException {
        StateDir state = existingState(options);
        Optional<ProcessHandle> process = state.read("daemon.pid").flatMap(p -> {
            try {
                return ProcessHandle.of(Long.parseLong(p));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        if (!state.locked() || process.isEmpty()) {
            throw new LaunchException(LaunchException.NOT_RUNNING, "annex-assistant is not running on " + options.repo);
        }
        process.get().destroy();
        long end = System.currentTimeMillis() + 30_000;
        // Done when the process is gone, not merely when it let go of the lock on its way out.
        while ((state.locked() || process.get().isAlive()) && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        if (state.locked() || process.get().isAlive()) {
            throw new LaunchException(LaunchException.START_FAILED, "annex-assistant (pid " + process.get().pid()
                    + ") did not stop within 30 s");
        }
        System.out.println("stopped annex-assistant on " + options.repo);
        return 0;
    }

    private static int status(Options options) throws LaunchException {
        StateDir state = existingState(options);
        if (!state.locked()) {
            System.out.println("not running on " + options.repo);
            return LaunchException.NOT_RUNNING;
        }
        System.out.println("running on " + options.repo + ", pid " + state.read("daemon.pid").orElse("?")
                + ", console " + state.read("console.url").orElse("(starting)"));
        return 0;
    }
}
