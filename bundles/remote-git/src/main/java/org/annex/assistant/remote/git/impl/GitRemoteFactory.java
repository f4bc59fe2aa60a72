package org.annex.assistant.remote.git.impl;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.core.NeighbourRepositories;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Recognises git remotes whose url is a local path or a {@code file://} URL and makes a
 * {@link LocalGitRemote} for them. Special remotes (a {@code type} field) and ssh/scp-style urls are left
 * to other factories.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=git")
public class GitRemoteFactory implements RemoteFactory {
    /** git-annex's default cost for a remote on the local machine. */
    static final int LOCAL_COST = 100;

    private final NeighbourRepositories neighbours;

    @Activate
    public GitRemoteFactory(@Reference NeighbourRepositories neighbours) {
        this.neighbours = neighbours;
    }

    @Override
    public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config) throws IOException {
        String url = config.get("url");
        if (url == null || config.containsKey("type") || "true".equalsIgnoreCase(config.get("annex-ignore"))) {
            return Optional.empty();
        }
        Optional<Path> path = localPath(repository.workTree(), url);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        int cost = cost(name, config.get("annex-cost"));
        String uuid = config.get("annex-uuid");
        Path dir = path.get();
        if (uuid == null || uuid.isEmpty()) {
            uuid = readUuid(name, dir);
        }
        return Optional.of(new LocalGitRemote(name, uuid, cost, dir, repository.uuid(), neighbours));
    }

    /** A url that names the local file system: {@code file://...}, an absolute path, or a relative one. */
    static Optional<Path> localPath(Path workTree, String url) throws IOException {
        if (url.startsWith("file://")) {
            try {
                return Optional.of(Path.of(URI.create(url)).normalize());
            } catch (IllegalArgumentException e) {
                throw new IOException("bad file url '" + url + "': " + e.getMessage(), e);
            }
        }
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        boolean scpOrUrl = colon > 0 && (slash < 0 || colon < slash);
        if (scpOrUrl || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(workTree.resolve(url).normalize());
    }

    private static int cost(String name, String value) throws IOException {
        if (value == null || value.isBlank()) {
            return LOCAL_COST;
        }
        try {
            return (int) Math.round(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            throw new IOException("remote " + name + ": annex-cost '" + value + "' is not a number", e);
        }
    }

    /** annex.uuid from the remote repository's own git config, read with JGit. */
    String readUuid(String name, Path dir) throws IOException {
        Path gitDir = LocalGitRemote.gitDirOf(dir);
        if (!Files.isDirectory(gitDir)) {
            throw new IOException("remote " + name + ": no git repository at " + dir);
        }
        String uuid = neighbours.repository(gitDir).getConfig().getString("annex", null, "uuid");
        if (uuid == null || uuid.isEmpty()) {
            throw new IOException("remote " + name + ": " + dir + " is not a git-annex repository (no annex.uuid)");
        }
        return uuid;
    }
}
