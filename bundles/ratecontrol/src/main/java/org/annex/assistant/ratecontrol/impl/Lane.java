package org.annex.assistant.ratecontrol.impl;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.rate.RateStatus;
import org.annex.assistant.api.rate.Throttle;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.ratecontrol.impl.bucket.TokenBucket;
import org.annex.assistant.ratecontrol.impl.limits.GitConfigLimits;
import org.annex.assistant.ratecontrol.impl.limits.Limit;
import org.annex.assistant.ratecontrol.impl.limits.RateSettings;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;

/**
 * The transfers of one repository to or from one remote in one direction: their own bucket (the remote's
 * limit) and the daemon-wide bucket of that direction. The remote's limit is looked up again at most every
 * {@link #REFRESH_NANOS} while bytes move, so a changed git config reaches a running transfer within that;
 * a Config Admin change is pushed to every lane at once ({@link #refresh()}).
 */
final class Lane implements Throttle {
    static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final AnnexRepository repository;
    private final String remote;
    private final Direction direction;
    private final TokenBucket bucket = new TokenBucket(0);
    private final TokenBucket global;
    private final Supplier<RateSettings> settings;
    private volatile Limit limit = Limit.NONE;
    private volatile long refreshed;

    /** @param repository null for a lane of a remote's name alone (the first version's form) */
    Lane(AnnexRepository repository, String remote, Direction direction, TokenBucket global, Supplier<RateSettings> settings) {
        this.repository = repository;
        this.remote = remote;
        this.direction = direction;
        this.global = global;
        this.settings = settings;
        refresh();
    }

    @Override
    public void acquire(long bytes) throws InterruptedException {
        if (System.nanoTime() - refreshed >= REFRESH_NANOS) {
            refresh();
        }
        long wait = Math.max(bucket.take(bytes), global.take(bytes));
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    @Override
    public long limit() {
        refresh();
        long own = bucket.rate();
        long all = global.rate();
        return own == 0 ? all : all == 0 ? own : Math.min(own, all);
    }

    /** Reads the remote's limit now: Config Admin's for this remote's name, else the repository's git config. */
    void refresh() {
        refreshed = System.nanoTime();
        Limit l = settings.get().remote(remote, direction);
        if (l == null) {
            l = repository == null ? Limit.NONE : GitConfigLimits.of(gitConfig(), remote, direction);
        }
        if (l.bytesPerSecond() != bucket.rate()) {
            bucket.setRate(l.bytesPerSecond());
        }
        limit = l;
    }

    private Config gitConfig() {
        // JGit's repository config is re-read when its file changed since the last look.
        return repository.adaptTo(Repository.class).<Config>map(Repository::getConfig).orElseGet(Config::new);
    }

    RateStatus status() {
        return new RateStatus(repository == null ? null : repository.workTree().toString(), remote, direction,
                limit.bytesPerSecond(), bucket.measured(), limit.source());
    }
}
