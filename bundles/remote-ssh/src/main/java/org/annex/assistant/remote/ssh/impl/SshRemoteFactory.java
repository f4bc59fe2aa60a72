package org.annex.assistant.remote.ssh.impl;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.transport.URIish;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes remotes of git remotes whose url is ssh ({@code ssh://user@host:port/path} or {@code user@host:path}),
 * on the ssh bundle's shared connection to that host, the one git's fetch and push use too, so content and git
 * share one login.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=ssh")
public class SshRemoteFactory implements RemoteFactory {
    /** git-annex's cost for a remote reached over the network. */
    static final int COST = 200;
    private static final int TIMEOUT_SECONDS = 60;

    @Reference
    private SshConnections connections;

    @Override
    public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config) throws IOException {
        RemoteConfig c = new RemoteConfig(name, config);
        Optional<URIish> url = sshUrl(c);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URIish uri = url.get();
        SshRemote.Shell shell = command -> connections.exec(uri, command, TIMEOUT_SECONDS);
        String path = uri.getPath();
        String uuid = c.get("annex-uuid").isPresent() ? c.uuid() : remoteUuid(name, shell, path);
        return Optional.of(new SshRemote(name, uuid, c.cost(COST), path, repository.uuid(), shell));
    }

    /** The url if this is a git remote over ssh; special remotes (with a type) are other factories'. */
    static Optional<URIish> sshUrl(RemoteConfig c) throws IOException {
        if (c.get("type").isPresent() || c.get("url").isEmpty()) {
            return Optional.empty();
        }
        String url = c.get("url").get();
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw c.error("bad url '" + url + "': " + e.getMessage());
        }
        if (!SshConnections.isSsh(uri)) {
            return Optional.empty();
        }
        if (uri.getPath() == null || uri.getPath().isEmpty()) {
            throw c.error("url '" + url + "' has no repository path");
        }
        return Optional.of(uri);
    }

    /** Asks the far side for its uuid, as git-annex does before the first sync records annex-uuid. */
    static String remoteUuid(String name, SshRemote.Shell shell, String path) throws IOException {
        Process p = shell.exec("git-annex-shell 'configlist' " + SshConnections.quote(path));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("annex.uuid=") && line.length() > "annex.uuid=".length()) {
                return line.substring("annex.uuid=".length()).trim();
            }
        }
        throw new IOException("remote " + name + ": " + path + " is not a git-annex repository (no annex.uuid from git-annex-shell)");
    }
}
