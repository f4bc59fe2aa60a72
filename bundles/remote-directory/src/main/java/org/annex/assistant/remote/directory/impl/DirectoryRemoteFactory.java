package org.annex.assistant.remote.directory.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.remote.RemoteFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Makes {@code type=directory} remotes. The directory comes from git config ({@code annex-directory}, where
 * git-annex keeps it) or a {@code directory} field; a relative one is taken from the repository's top.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=directory")
public class DirectoryRemoteFactory implements RemoteFactory {
    static final int LOCAL_COST = 100;

    @Override
    public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config)
            throws IOException {
        return create(new RemoteConfig(name, config), repository.workTree());
    }

    static Optional<Remote> create(RemoteConfig config, Path workTree) throws IOException {
        if (!config.isType("directory", "annex-directory")) {
            return Optional.empty();
        }
        config.requirePlainContent();
        String dir = config.get("annex-directory").or(() -> config.get("directory"))
                .orElseThrow(() -> config.error("missing annex-directory (the directory content is stored in)"));
        Path root = workTree.resolve(dir).normalize();
        return Optional.of(new DirectoryRemote(config.name(), config.uuid(), config.cost(LOCAL_COST), root));
    }
}
