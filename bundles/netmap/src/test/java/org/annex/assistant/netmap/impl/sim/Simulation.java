package org.annex.assistant.netmap.impl.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

import org.annex.assistant.netmap.impl.plan.TransferPlan;

/**
 * One piece of content spreading from its origin, event by event, as the transfer queue moves it: each
 * repository that has it sends to its targets in order, {@code slots} at a time; a target that has the
 * content, or is receiving it from someone else (its transfer lock is taken), is skipped, as a real
 * upload finds it busy and, retried, finds it there. A transfer takes latency + size / bandwidth.
 *
 * <p>Flood fill is today's behaviour: the targets are every remote that wants the content, cheapest
 * annex-cost first. The plan's targets are the repository's next hops, relays included.
 */
final class Simulation {
    record Result(long costlyBytes, long totalBytes, double seconds, int reached, int wanting) {
    }

    private record Arrival(double time, int link) {
    }

    private final SimNetwork net;
    private final long size;
    private final int slots;
    private final List<List<Integer>> out = new ArrayList<>();

    Simulation(SimNetwork net, long sizeBytes, int slots) {
        this.net = net;
        this.size = sizeBytes;
        this.slots = slots;
        for (int v = 0; v < net.size(); v++) {
            out.add(new ArrayList<>());
        }
        for (int l = 0; l < net.links.size(); l++) {
            out.get(net.links.get(l).from()).add(l);
        }
    }

    Result flood() {
        return run(v -> {
            List<Integer> targets = new ArrayList<>();
            for (int l : out.get(v)) {
                if (net.wants.get(net.links.get(l).to())) {
                    targets.add(l);
                }
            }
            targets.sort(Comparator.comparingDouble((Integer l) -> net.links.get(l).annexCost())
                    .thenComparingInt(l -> net.links.get(l).to()));
            return targets;
        });
    }

    Result follow(TransferPlan plan) {
        return run(v -> {
            List<Integer> targets = new ArrayList<>();
            for (int l : out.get(v)) {
                if (plan.uses(l)) {
                    targets.add(l);
                }
            }
            return targets;
        });
    }

    private interface Targets {
        List<Integer> of(int node);
    }

    private Result run(Targets targets) {
        int n = net.size();
        BitSet has = new BitSet(n);
        BitSet receiving = new BitSet(n);
        int[] busy = new int[n];
        List<Deque<Integer>> queues = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            queues.add(new ArrayDeque<>());
        }
        PriorityQueue<Arrival> events = new PriorityQueue<>(Comparator.comparingDouble(Arrival::time)
                .thenComparingInt(Arrival::link));
        long[] bytes = new long[2]; // costly, total
        double[] last = new double[1];

        class Sender {
            void pump(int v, double now) {
                Deque<Integer> q = queues.get(v);
                while (busy[v] < slots && !q.isEmpty()) {
                    int l = q.poll();
                    SimNetwork.Link link = net.links.get(l);
                    if (has.get(link.to()) || receiving.get(link.to())) {
                        continue;
                    }
                    receiving.set(link.to());
                    busy[v]++;
                    bytes[1] += size;
                    if (link.costly()) {
                        bytes[0] += size;
                    }
                    events.add(new Arrival(now + link.latencySeconds() + size / link.bytesPerSecond(), l));
                }
            }

            void received(int v, double now) {
                has.set(v);
                if (net.wants.get(v)) {
                    last[0] = Math.max(last[0], now);
                }
                queues.get(v).addAll(targets.of(v));
                pump(v, now);
            }
        }
        Sender sender = new Sender();
        sender.received(net.origin, 0);
        while (!events.isEmpty()) {
            Arrival a = events.poll();
            SimNetwork.Link link = net.links.get(a.link());
            receiving.clear(link.to());
            busy[link.from()]--;
            sender.received(link.to(), a.time());
            sender.pump(link.from(), a.time());
        }
        int wanting = 0;
        int reached = 0;
        for (int v = 0; v < n; v++) {
            if (net.wants.get(v)) {
                wanting++;
                if (has.get(v)) {
                    reached++;
                }
            }
        }
        return new Result(bytes[0], bytes[1], last[0], reached, wanting);
    }
}
