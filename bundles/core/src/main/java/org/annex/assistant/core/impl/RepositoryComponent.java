package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.eclipse.jgit.util.FS;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One git-annex repository per factory configuration. The service is registered by hand because its
 * {@code annex.uuid} property is only known once the repository is opened (or initialised).
 */
@Component(configurationPid = RepositoryComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RepositoryComponent.Config.class, factory = true)
public final class RepositoryComponent {
    public static final String PID = "org.annex.assistant.core.repository";
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryComponent.class);

    @ObjectClassDefinition(name = "git-annex repository", description = "A work tree managed by the assistant; initialised with git-annex's v10 layout if it is not a git-annex repository yet.")
    public @interface Config {
        @AttributeDefinition(name = "Path", description = "The work tree (absolute path).")
        String path();

        @AttributeDefinition(name = "Description", description = "Shown by git annex info; used only when the repository is initialised.", required = false)
        String description() default "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private LocalAnnexRepository repository;
    private ServiceRegistration<AnnexRepository> registration;

    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        if (config.path() == null || config.path().isBlank()) {
            throw new IllegalArgumentException(PID + ": the 'path' property is required");
        }
        // JGit measures the timestamp resolution of every file system it first meets, writing probe files and
        // waiting for their times to tick: seconds on a freshly mounted drive, during which the first sync with
        // the remote on it (and its first config read) waited (4 s, MountSyncIT). In the background, JGit uses
        // its conservative fallback meanwhile (more re-reads of racily clean files) and remembers the result.
        FS.FileStoreAttributes.setBackground(true);
        repository = LocalAnnexRepository.open(Path.of(config.path()), config.description(),
                EventSink.to(() -> eventAdmin));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(AnnexRepository.PROP_PATH, repository.workTree().toString());
        props.put(AnnexRepository.PROP_UUID, repository.uuid());
        registration = context.registerService(AnnexRepository.class, repository, props);
        LOG.info("git-annex repository {} ({}) ready", repository.workTree(), repository.uuid());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
