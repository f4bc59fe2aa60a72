package org.annex.assistant.api.rate;

import java.util.List;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.transfer.Direction;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The speed knob: transfers ask for permission to move bytes, globally and per remote. A consumer without
 * a RateController transfers at full speed. Limits may change at any time (Config Admin, Gogo, git config);
 * a {@link Throttle} follows them while its transfer runs.
 */
@ProviderType
public interface RateController {
    /**
     * Blocks until {@code bytes} may be sent to the remote (by its name, in no repository in particular):
     * the daemon-wide upload limit and the remote's own; the form of the first version, which knew no
     * directions and no repositories.
     */
    void acquire(String remote, int bytes) throws InterruptedException;

    /** Current upload limit in bytes per second for a remote (0 = unlimited); null remote means the global limit. */
    long limit(String remote);

    /**
     * The throttle of one transfer lane: the transfers of {@code repository} to or from its remote
     * {@code remote} in one direction, which share that remote's limit and the daemon-wide one.
     *
     * @since 1.1
     */
    Throttle throttle(AnnexRepository repository, String remote, Direction direction);

    /**
     * Every limit in force and the rate measured under it over the last second, for the console.
     *
     * @since 1.1
     */
    List<RateStatus> status();
}
