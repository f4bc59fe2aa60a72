package org.annex.assistant.remote.external.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.remote.RemoteFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Makes {@code type=external} remotes: {@code git-annex-remote-EXTERNALTYPE} found in PATH, one process per
 * remote. Deactivation stops every program this factory started.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=external")
public class ExternalRemoteFactory implements RemoteFactory {
    private static final Pattern EXTERNAL_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Set<ExternalRemote> open = Collections.synchronizedSet(new HashSet<>());

    @Override
    public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config)
            throws IOException {
        return create(new RemoteConfig(name, config), repository.workTree(), repository.gitDir(), System.getenv())
                .map(r -> {
                    open.add(r);
                    return r;
                });
    }

    /** @param env the environment the program runs with; its PATH is where the program is looked for */
    static Optional<ExternalRemote> create(RemoteConfig config, Path workTree, Path gitDir, Map<String, String> env)
            throws IOException {
        if (!config.isType("external", "annex-externaltype")) {
            return Optional.empty();
        }
        config.requirePlainContent();
        String type = config.get("annex-externaltype").or(() -> config.get("externaltype"))
                .orElseThrow(() -> config.error("missing externaltype (which git-annex-remote-* program to run)"));
        if (!EXTERNAL_TYPE.matcher(type).matches()) {
            throw config.error("externaltype '" + type + "' is not a program name");
        }
        Path program = findInPath("git-annex-remote-" + type, env.getOrDefault("PATH", ""))
                .orElseThrow(() -> config.error("git-annex-remote-" + type + " is not in PATH"));
        int cost = config.get("annex-cost").isPresent() ? config.cost(0) : -1;
        return Optional.of(new ExternalRemote(config, config.uuid(), cost,
                new ExternalProcess.Launch(List.of(program.toString()), workTree, env), gitDir));
    }

    static Optional<Path> findInPath(String program, String path) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Deactivate
    void deactivate() {
        synchronized (open) {
            open.forEach(ExternalRemote::close);
            open.clear();
        }
    }
}
