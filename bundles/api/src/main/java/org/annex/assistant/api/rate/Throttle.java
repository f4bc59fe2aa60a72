package org.annex.assistant.api.rate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One lane's share of the limits (see {@link RateController#throttle}). A transfer reports every buffer it
 * moves; the throttle keeps it at its limits on average, holding it back as long as it is ahead.
 *
 * @since 1.1
 */
@ProviderType
public interface Throttle {
    /** No limit: what a transfer uses when no {@link RateController} is there. */
    Throttle UNLIMITED = new Throttle() {
        @Override
        public void acquire(long bytes) {
        }

        @Override
        public long limit() {
            return 0;
        }
    };

    /**
     * Accounts for {@code bytes} just moved (or about to be); blocks while the lane is ahead of its limits.
     * A buffer larger than the bucket is allowed through and paid for by waiting afterwards.
     */
    void acquire(long bytes) throws InterruptedException;

    /** The lane's limit in force now, in bytes per second (0 = unlimited): the lower of its remote's and the global one. */
    long limit();
}
