package org.annex.assistant.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.annex.assistant.testsupport.Daemon;

/**
 * The bundles and DS components of a running daemon as its web console lists them, to compare before and
 * after bundles were restarted. A component's id is new each time it is activated again, so an unchanged
 * id shows that it was not restarted, and a changed one that it was.
 */
final class ConsoleSnapshot {
    private final Map<String, JsonNode> bundles;
    private final Map<String, JsonNode> components;

    private ConsoleSnapshot(Map<String, JsonNode> bundles, Map<String, JsonNode> components) {
        this.bundles = bundles;
        this.components = components;
    }

    static ConsoleSnapshot of(Daemon d) throws Exception {
        return new ConsoleSnapshot(WebConsole.bundles(d), WebConsole.components(d));
    }

    /** Waits (up to {@code timeoutMs}) until every component is active, and returns that snapshot. */
    static ConsoleSnapshot allActive(Daemon d, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        ConsoleSnapshot s = of(d);
        while (!s.inactive().isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(200);
            s = of(d);
        }
        return s;
    }

    /**
     * The components that are neither active nor satisfied, with their state. Satisfied is a delayed
     * component whose service is registered and which activates on first use (the Gogo commands): up.
     */
    List<String> inactive() {
        List<String> out = new ArrayList<>();
        components.forEach((name, c) -> {
            String state = c.path("state").asText();
            if (!"active".equals(state) && !"satisfied".equals(state)) {
                out.add(name + " is " + c.path("state").asText());
            }
        });
        return out;
    }

    /**
     * What differs from {@code before} other than the restart of {@code restarted} (symbolic names): a
     * bundle gone, re-installed (new id) or not active; a component gone, inactive, or activated again
     * though its bundle was not restarted; a component of a restarted bundle that kept its id.
     */
    List<String> changesSince(ConsoleSnapshot before, Set<String> restarted) {
        List<String> out = new ArrayList<>(inactive());
        before.bundles.forEach((name, b) -> {
            JsonNode now = bundles.get(name);
            if (now == null) {
                out.add("bundle " + name + " is gone");
            } else if (now.path("id").asLong() != b.path("id").asLong()) {
                out.add("bundle " + name + " was installed again: id " + b.path("id") + " -> " + now.path("id"));
            } else if (!now.path("state").asText().equals(b.path("state").asText())) {
                out.add("bundle " + name + " is " + now.path("state").asText() + ", was " + b.path("state").asText());
            }
        });
        Set<Long> restartedIds = new java.util.HashSet<>();
        restarted.forEach(n -> restartedIds.add(before.bundles.get(n).path("id").asLong()));
        before.components.forEach((name, c) -> {
            JsonNode now = components.get(name);
            boolean ownBundleRestarted = restartedIds.contains(c.path("bundleId").asLong());
            if (now == null) {
                out.add("component " + name + " is gone");
            } else if (now.path("id").asText().equals(c.path("id").asText()) == ownBundleRestarted) {
                out.add("component " + name + (ownBundleRestarted ? " kept its id " + c.path("id") + " though its bundle was restarted"
                        : " was activated again (id " + c.path("id") + " -> " + now.path("id") + ") though its bundle was not restarted"));
            }
        });
        return out;
    }
}
