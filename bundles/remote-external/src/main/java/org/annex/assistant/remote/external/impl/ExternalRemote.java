package org.annex.assistant.remote.external.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.KeyFormatException;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external special remote, spoken to over git-annex's external special remote protocol (VERSION 1).
 *
 * <p>Unlike git-annex, which starts the program per command, one process serves every request of this
 * remote, one request at a time (the protocol is sequential); it is prepared once and restarted on the next
 * request if it dies. SETCONFIG and SETSTATE values are kept in memory for the life of this object: they
 * are not written to the git-annex branch. Requests we do not serve (credentials, ASYNC) get an ERROR,
 * which ends that process.
 */
final class ExternalRemote implements Remote {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalRemote.class);
    /** git-annex's cost for an external remote that does not say (expensiveRemoteCost). */
    static final int DEFAULT_COST = 200;

    private final RemoteConfig config;
    private final String uuid;
    private final ExternalProcess.Launch launch;
    private final Path gitDir;
    private final Map<String, String> setConfig = new ConcurrentHashMap<>();
    private final Map<String, String> state = new ConcurrentHashMap<>();
    private int cost;
    private ExternalProcess process;

    /** @param cost annex-cost from git config, or -1 to ask the program (GETCOST) */
    ExternalRemote(RemoteConfig config, String uuid, int cost, ExternalProcess.Launch launch, Path gitDir) {
        this.config = config;
        this.uuid = uuid;
        this.cost = cost;
        this.launch = launch;
        this.gitDir = gitDir;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public synchronized int cost() {
        if (cost < 0) {
            try {
                String[] r = request("GETCOST", total -> { });
                cost = r[0].equals("COST") && r.length > 1 ? (int) Math.round(Double.parseDouble(r[1])) : DEFAULT_COST;
            } catch (IOException | NumberFormatException e) {
                LOG.warn("remote {}: GETCOST failed, using {}: {}", name(), DEFAULT_COST, e.getMessage());
                cost = DEFAULT_COST;
            }
        }
        return cost;
    }

    @Override
    public synchronized boolean checkPresent(Key key) throws IOException {
        String[] r = request("CHECKPRESENT " + key, total -> { });
        expectKey(r, key, 1);
        switch (r[0]) {
            case "CHECKPRESENT-SUCCESS": return true;
            case "CHECKPRESENT-FAILURE": return false;
            case "CHECKPRESENT-UNKNOWN": throw fail("cannot tell whether it has " + key, r, 2);
            default: throw unexpected(r);
        }
    }

    @Override
    public synchronized void store(Key key, Path content, String file, Progress progress) throws IOException {
        transfer("STORE", key, content.toAbsolutePath(), progress);
    }

    /** The protocol cannot resume: the program writes the whole file, so a partial destination is emptied first. */
    @Override
    public synchronized void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
        try (FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            out.truncate(0);
        }
        transfer("RETRIEVE", key, destination.toAbsolutePath(), progress);
    }

    private void transfer(String direction, Key key, Path file, Progress progress) throws IOException {
        String[] r = request("TRANSFER " + direction + " " + key + " " + file, progress);
        if (r.length < 3 || !r[1].equals(direction) || !r[2].equals(key.toString())) {
            throw unexpected(r);
        }
        switch (r[0]) {
            case "TRANSFER-SUCCESS": return;
            case "TRANSFER-FAILURE": throw fail(direction.toLowerCase() + " of " + key + " failed", r, 3);
            default: throw unexpected(r);
        }
    }

    @Override
    public synchronized void remove(Key key) throws IOException {
        String[] r = request("REMOVE " + key, total -> { });
        expectKey(r, key, 1);
        switch (r[0]) {
            case "REMOVE-SUCCESS": return;
            case "REMOVE-FAILURE": throw fail("removing " + key + " failed", r, 2);
            default: throw unexpected(r);
        }
    }

    /** The running program's process id, started (and prepared) if need be. */
    synchronized long pid() throws IOException {
        return running().pid();
    }

    /**
     * Sends a request and returns the reply split into words (the last word keeps its spaces). A program
     * that died while idle is only noticed when we write to it: then the request goes once to a new one
     * (every request of the protocol may be repeated).
     */
    private String[] request(String line, Progress progress) throws IOException {
        boolean reused = process != null && process.alive();
        try {
            return exchange(line, progress);
        } catch (ExternalProcess.ProgramGone e) {
            if (!reused) {
                throw e;
            }
            LOG.info("remote {}: the program had died ({}); starting it again", name(), e.getMessage());
            return exchange(line, progress);
        }
    }

    private String[] exchange(String line, Progress progress) throws IOException {
        ExternalProcess p = running();
        try {
            p.send(line);
            return reply(p, progress);
        } catch (ExternalProcess.ProgramGone e) {
            stop();
            throw new ExternalProcess.ProgramGone("remote " + name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            stop();
            throw new IOException("remote " + name() + ": " + e.getMessage(), e);
        }
    }

    private ExternalProcess running() throws IOException {
        if (process != null && process.alive()) {
            return process;
        }
        stop();
        ExternalProcess p = ExternalProcess.start(name(), launch);
        try {
            String version = p.receive();
            if (!version.equals("VERSION 1")) {
                throw new IOException("the remote program speaks '" + version + "', not VERSION 1");
            }
            p.send("EXTENSIONS INFO GETGITREMOTENAME");
            String[] ext = reply(p, total -> { });
            if (!ext[0].equals("EXTENSIONS") && !ext[0].equals("UNSUPPORTED-REQUEST")) {
                throw new IOException("unexpected answer to EXTENSIONS: " + String.join(" ", ext));
            }
            p.send("PREPARE");
            String[] prepared = reply(p, total -> { });
            if (prepared[0].equals("PREPARE-FAILURE")) {
                throw new IOException("PREPARE failed: " + (prepared.length > 1 ? prepared[1] : ""));
            }
            if (!prepared[0].equals("PREPARE-SUCCESS")) {
                throw new IOException("unexpected answer to PREPARE: " + String.join(" ", prepared));
            }
        } catch (IOException e) {
            p.close();
            throw new IOException("remote " + name() + ": starting " + launch.command().get(0) + " failed: "
                    + e.getMessage(), e);
        }
        process = p;
        return p;
    }

    /**
     * Reads until the program answers, serving the requests it makes meanwhile: config and state, the uuid
     * and git directory, hash directories; PROGRESS goes to the caller, DEBUG and INFO to the log.
     */
    private String[] reply(ExternalProcess p, Progress progress) throws IOException {
        while (true) {
            String line = p.receive();
            int sp = line.indexOf(' ');
            String word = sp < 0 ? line : line.substring(0, sp);
            String rest = sp < 0 ? "" : line.substring(sp + 1);
            switch (word) {
                case "PROGRESS":
                    progress.bytes(number(rest));
                    break;
                case "DEBUG":
                    LOG.debug("remote {}: {}", name(), rest);
                    break;
                case "INFO":
                    LOG.info("remote {}: {}", name(), rest);
                    break;
                case "GETCONFIG":
                    p.send("VALUE " + setConfig.getOrDefault(rest, config.get(rest).orElse("")));
                    break;
                case "SETCONFIG":
                    int eq = rest.indexOf(' ');
                    setConfig.put(eq < 0 ? rest : rest.substring(0, eq), eq < 0 ? "" : rest.substring(eq + 1));
                    break;
                case "GETSTATE":
                    p.send("VALUE " + state.getOrDefault(rest, ""));
                    break;
                case "SETSTATE":
                    int ks = rest.indexOf(' ');
                    state.put(ks < 0 ? rest : rest.substring(0, ks), ks < 0 ? "" : rest.substring(ks + 1));
                    break;
                case "GETUUID":
                    p.send("VALUE " + uuid);
                    break;
                case "GETGITDIR":
                    p.send("VALUE " + gitDir.toAbsolutePath());
                    break;
                case "GETGITREMOTENAME":
                    p.send("VALUE " + name());
                    break;
                case "DIRHASH":
                    p.send("VALUE " + parseKey(p, rest).hashDirMixed());
                    break;
                case "DIRHASH-LOWER":
                    p.send("VALUE " + parseKey(p, rest).hashDirLower());
                    break;
                case "GETURLS":
                    p.send("VALUE ");
                    break;
                case "SETURLPRESENT": case "SETURLMISSING": case "SETURIPRESENT": case "SETURIMISSING":
                    LOG.debug("remote {}: ignored {}", name(), line);
                    break;
                case "ERROR":
                    throw new IOException("the remote program reported an error: " + rest);
                case "GETCREDS": case "SETCREDS": case "GETWANTED": case "SETWANTED":
                    p.send("ERROR " + word + " is not supported by annex-assistant");
                    throw new IOException("the remote program asked for " + word + ", which is not supported");
                default:
                    return sp < 0 ? new String[] {line} : splitReply(word, rest);
            }
        }
    }

    /** Replies whose last field is a free-text message keep it whole: "TRANSFER-FAILURE STORE KEY some message". */
    private static String[] splitReply(String word, String rest) {
        int fixed = word.startsWith("TRANSFER-") ? 3 : word.equals("PREPARE-FAILURE") ? 1 : 2;
        String[] parts = rest.split(" ", fixed);
        String[] all = new String[parts.length + 1];
        all[0] = word;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return all;
    }

    private Key parseKey(ExternalProcess p, String text) throws IOException {
        try {
            return Key.parse(text);
        } catch (KeyFormatException e) {
            p.send("ERROR bad key: " + e.getMessage());
            throw new IOException("the remote program sent a bad key: " + e.getMessage(), e);
        }
    }

    private static long number(String s) throws IOException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IOException("bad PROGRESS '" + s + "'", e);
        }
    }

    private void expectKey(String[] r, Key key, int index) throws IOException {
        if (r.length <= index || !r[index].equals(key.toString())) {
            throw unexpected(r);
        }
    }

    private IOException fail(String what, String[] r, int messageIndex) {
        return config.error(what + (r.length > messageIndex ? ": " + r[messageIndex] : ""));
    }

    private IOException unexpected(String[] r) {
        stop();
        return config.error("unexpected answer from the remote program: " + String.join(" ", r));
    }

    private void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }

    @Override
    public String toString() {
        return "external remote " + name() + " (" + launch.command().get(0) + ")";
    }
}
