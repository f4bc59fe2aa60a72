package org.annex.assistant.itests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.annex.assistant.testsupport.Daemon;

/** What the tests read from the Felix Web Console's JSON, and the forms they post to it. */
public final class WebConsole {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebConsole() {
    }

    /** A form body: names and values in turn, URL-encoded. */
    public static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /**
     * Sets properties of a (singleton) configuration as the console's Configuration page does, names and
     * values in turn; returns the HTTP status.
     */
    public static int configure(Daemon d, String pid, String... pairs) throws Exception {
        StringBuilder names = new StringBuilder();
        String[] all = new String[pairs.length + 6];
        for (int i = 0; i < pairs.length; i += 2) {
            names.append(names.length() == 0 ? "" : ",").append(pairs[i]);
        }
        System.arraycopy(new String[] {"apply", "true", "action", "ajaxConfigManager", "propertylist", names.toString()}, 0, all, 0, 6);
        System.arraycopy(pairs, 0, all, 6, pairs.length);
        return d.postForm("/system/console/configMgr/" + pid, form(all)).statusCode();
    }

    /** The annex-assistant status page's JSON. */
    public static JsonNode status(Daemon d) throws Exception {
        return JSON.readTree(d.get("/system/console/annex/status.json").body());
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

    /** Every installed bundle: symbolic name → its entry on the bundles page (id, state, ...). */
    static Map<String, JsonNode> bundles(Daemon d) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode b : JSON.readTree(d.get("/system/console/bundles.json").body()).path("data")) {
            out.put(b.path("symbolicName").asText(), b);
        }
        return out;
    }

    /** Every DS component: name → its entry on the components page (id, bundleId, state, ...). */
    static Map<String, JsonNode> components(Daemon d) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode c : JSON.readTree(d.get("/system/console/components.json").body()).path("data")) {
            out.put(c.path("name").asText(), c);
        }
        return out;
    }

    /** Stops or starts a bundle as the bundles page's buttons do ({@code action} stop or start). */
    static void bundleAction(Daemon d, long id, String action) throws Exception {
        int code = d.postForm("/system/console/bundles/" + id, "action=" + action).statusCode();
        if (code != 200) {
            throw new AssertionError(action + " of bundle " + id + " answered " + code);
        }
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
