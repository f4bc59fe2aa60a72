package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.NeighbourRepositories;
import org.eclipse.jgit.lib.Repository;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** The {@link NeighbourRepositories} service: what it opened is closed when it deactivates. */
@Component(service = NeighbourRepositories.class)
public final class NeighbourRepositoriesComponent implements NeighbourRepositories {
    private final OpenNeighbours open = new OpenNeighbours();

    @Override
    public Repository repository(Path gitDir) throws IOException {
        return open.repository(gitDir);
    }

    @Override
    public void setLocation(Path gitDir, Key key, String uuid, boolean present) throws IOException {
        open.setLocation(gitDir, key, uuid, present);
    }

    @Override
    public void setReceived(Path gitDir, Key key, String uuid, String sender) throws IOException {
        open.setReceived(gitDir, key, uuid, sender);
    }

    @Override
    public Set<String> locations(Path gitDir, Key key) throws IOException {
        return open.locations(gitDir, key);
    }

    @Deactivate
    void deactivate() {
        open.close();
    }
}
