package org.annex.assistant.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line: {@code annex-assistant COMMAND [--repo DIR] [--http-port N] [--bind ADDR] ...}. */
final class Options {
    static final String USAGE = String.join("\n",
            "usage: annex-assistant run [--repo DIR] [--http-port N] [--bind ADDR] [--features a,b] [--shell]",
            "       annex-assistant stop [--repo DIR]",
            "       annex-assistant status [--repo DIR]",
            "       annex-assistant install-service [--repo DIR]",
            "Without --repo the repository is ~/annex, created and initialised if missing.");

    final String command;
    final Path repo;
    final boolean defaultRepo;
    final Integer httpPort;
    final String bind;
    final List<String> features;
    final boolean shell;

    private Options(String command, Path repo, boolean defaultRepo, Integer httpPort, String bind,
            List<String> features, boolean shell) {
        this.command = command;
        this.repo = repo;
        this.defaultRepo = defaultRepo;
        this.httpPort = httpPort;
        this.bind = bind;
        this.features = features;
        this.shell = shell;
    }

    static Options parse(String[] args) throws LaunchException {
        if (args.length == 0) {
            throw new LaunchException(LaunchException.USAGE, USAGE);
        }
        String command = args[0];
        if (!List.of("run", "stop", "status", "install-service").contains(command)) {
            throw new LaunchException(LaunchException.USAGE, "unknown command '" + command + "'\n" + USAGE);
        }
        Path repo = null;
        Integer port = null;
        String bind = "127.0.0.1";
        List<String> features = new ArrayList<>();
        boolean shell = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--repo": repo = Path.of(value(args, ++i, a)); break;
                case "--http-port": port = port(value(args, ++i, a)); break;
                case "--bind": bind = value(args, ++i, a); break;
                case "--features":
                    for (String f : value(args, ++i, a).split(",")) {
                        if (!f.isBlank()) {
                            features.add(f.trim());
                        }
                    }
                    break;
                case "--shell": shell = true; break;
                default: throw new LaunchException(LaunchException.USAGE, "unknown option '" + a + "'\n" + USAGE);
            }
        }
        boolean defaultRepo = repo == null;
        if (defaultRepo) {
            repo = Path.of(System.getProperty("user.home"), "annex");
        }
        return new Options(command, repo.toAbsolutePath().normalize(), defaultRepo, port, bind, features, shell);
    }

    private static String value(String[] args, int i, String option) throws LaunchException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new LaunchException(LaunchException.USAGE, option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int port(String s) throws LaunchException {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new LaunchException(LaunchException.USAGE, "--http-port takes a number from 0 to 65535, not '" + s + "'");
        }
    }
}
