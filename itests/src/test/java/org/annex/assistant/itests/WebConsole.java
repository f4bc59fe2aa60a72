package org.annex.assistant.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.annex.assistant.testsupport.Daemon;

/** What the tests read from the Felix Web Console's JSON. */
final class WebConsole {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebConsole() {
    }

    /** The id of the installed bundle with this symbolic name. */
    static long bundleId(Daemon d, String symbolicName) throws Exception {
        for (JsonNode b : JSON.readTree(d.get("/system/console/bundles.json").body()).path("data")) {
            if (symbolicName.equals(b.path("symbolicName").asText())) {
                return b.path("id").asLong();
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** The DS component of this name as the components page lists it (id, state, ...), or null. */
    static JsonNode component(Daemon d, String name) throws Exception {
        for (JsonNode c : JSON.readTree(d.get("/system/console/components.json").body()).path("data")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }
}
