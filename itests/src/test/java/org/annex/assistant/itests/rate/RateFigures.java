package org.annex.assistant.itests.rate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.annex.assistant.itests.rate.Arrivals.Sample;

/** A transfer's figures from its arrival samples: the rate over a span, and the fullest second in it. */
record RateFigures(double rate, double maxSecond, double seconds, long bytes, List<Long> perSecond) {
    private static final double MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;

    /**
     * Over the samples from {@code fromNanos} to {@code toNanos}. The rate is bytes over time between the
     * first and the last sample; the per-second samples are whole seconds from the first one on.
     */
    static RateFigures of(List<Sample> all, long fromNanos, long toNanos) {
        List<Sample> s = all.stream().filter(x -> x.nanos() >= fromNanos && x.nanos() <= toNanos).toList();
        if (s.size() < 2) {
            throw new AssertionError("too few samples between the given times: " + s.size());
        }
        Sample first = s.get(0);
        Sample last = s.get(s.size() - 1);
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        double max = 0;
        List<Long> perSecond = new ArrayList<>();
        for (long t = first.nanos(); t + SECOND <= last.nanos(); t += SECOND) {
            long b = at(s, t + SECOND) - at(s, t);
            perSecond.add(b);
            max = Math.max(max, b);
        }
        return new RateFigures((last.bytes() - first.bytes()) / seconds, max, seconds, last.bytes() - first.bytes(), perSecond);
    }

    /** The size at a time: the last sample at or before it. */
    static long at(List<Sample> s, long nanos) {
        long b = s.get(0).bytes();
        for (Sample x : s) {
            if (x.nanos() > nanos) {
                break;
            }
            b = x.bytes();
        }
        return b;
    }

    String describe(double limit) {
        return String.format(Locale.ROOT, "%.2f MiB/s over %.1f s (%.1f%% of the limit), fullest second %.2f MiB (%.2fx), "
                + "seconds %s", rate / MIB, seconds, 100 * rate / limit, maxSecond / MIB, maxSecond / limit,
                perSecond.stream().map(b -> String.format(Locale.ROOT, "%.2f", b / MIB)).toList());
    }
}
