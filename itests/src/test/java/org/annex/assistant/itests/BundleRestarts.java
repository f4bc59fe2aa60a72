package org.annex.assistant.itests;

import static org.annex.assistant.itests.WebConsole.bundleAction;
import static org.annex.assistant.itests.WebConsole.bundleId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.annex.assistant.testsupport.Daemon;

/**
 * Restarts bundles of running daemons over the web console, as Sling event's ChaosIT does: at moments
 * drawn from a seeded random, each restart stops the bundles (in a random order), leaves them stopped a
 * random while, and starts them again (in a random order). What was done and when is kept for the report.
 */
final class BundleRestarts {
    /** Longest pause before a restart, and longest time the bundles stay stopped. */
    private static final int MAX_PAUSE_MS = 3000;
    private static final int MAX_STOPPED_MS = 1500;

    /** A daemon and the name the log gives it. */
    record Target(String name, Daemon daemon) {
    }

    private final Random random;
    private final List<String> symbolicNames;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private long t0;
    private CompletableFuture<Void> running;

    BundleRestarts(Random random, List<String> symbolicNames) {
        this.random = random;
        this.symbolicNames = symbolicNames;
    }

    /**
     * The order of restarts: {@code rounds} of {@code often}, with one of {@code once} among them at a
     * random place.
     */
    List<Target> plan(Target often, int rounds, Target once) {
        List<Target> plan = new ArrayList<>(Collections.nCopies(rounds, often));
        plan.add(random.nextInt(rounds + 1), once);
        return plan;
    }

    /** Runs the plan on a thread of its own; {@link #await} waits for it to end and reports its failure. */
    void start(List<Target> plan) {
        t0 = System.nanoTime();
        running = CompletableFuture.runAsync(() -> {
            try {
                for (Target t : plan) {
                    Thread.sleep(random.nextInt(MAX_PAUSE_MS));
                    restart(t);
                }
            } catch (Exception e) {
                throw new IllegalStateException("a restart failed (" + String.join("; ", log) + ")", e);
            }
        });
    }

    void await() throws Exception {
        try {
            running.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private void restart(Target t) throws Exception {
        List<String> stop = new ArrayList<>(symbolicNames);
        Collections.shuffle(stop, random);
        for (String b : stop) {
            bundleAction(t.daemon, bundleId(t.daemon, b), "stop");
        }
        note(t.name + " stopped " + String.join(", ", stop));
        Thread.sleep(random.nextInt(MAX_STOPPED_MS));
        List<String> start = new ArrayList<>(symbolicNames);
        Collections.shuffle(start, random);
        for (String b : start) {
            bundleAction(t.daemon, bundleId(t.daemon, b), "start");
        }
        note(t.name + " started " + String.join(", ", start));
    }

    private void note(String what) {
        String line = String.format("+%.1f s %s", (System.nanoTime() - t0) / 1e9, what);
        log.add(line);
        System.out.println("chaos: " + line);
    }

    /** What was done, one line per stop and per start, with its time since this schedule was made. */
    List<String> log() {
        return List.copyOf(log);
    }
}
