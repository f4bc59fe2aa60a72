package org.annex.assistant.api.rate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The speed knob: transfers ask for permission to move bytes, globally and per remote. A consumer without
 * a RateController transfers at full speed.
 */
@ProviderType
public interface RateController {
    /** Blocks until {@code bytes} may be sent to or received from the remote. */
    void acquire(String remote, int bytes) throws InterruptedException;

    /** Current limit in bytes per second for a remote (0 = unlimited); null remote means the global limit. */
    long limit(String remote);
}
