package org.annex.assistant.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Features in the OSGi R8 Feature JSON format, composed in order: their bundles (by Maven coordinates,
 * found in the distribution's bundles/ folder as {@code artifactId-version.jar}) and configurations.
 */
final class FeatureSet {
    /** A bundle to install, and the start level it starts at. */
    static final class BundleRef {
        final String id;
        final Path jar;
        final int startOrder;

        BundleRef(String id, Path jar, int startOrder) {
            this.id = id;
            this.jar = jar;
            this.startOrder = startOrder;
        }
    }

    final List<String> names = new ArrayList<>();
    final List<BundleRef> bundles = new ArrayList<>();
    final Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();

    /** The features to run when the command line names none: base, console and this platform's. */
    static List<String> defaults(Path featureDir) {
        return defaults(featureDir, System.getProperty("os.name", ""));
    }

    static List<String> defaults(Path featureDir, String osName) {
        List<String> names = new ArrayList<>(List.of("base", "console"));
        String os = osName.toLowerCase(Locale.ROOT);
        String platform = os.contains("mac") ? "macos" : os.contains("linux") ? "linux" : null;
        if (platform != null && Files.exists(featureDir.resolve(platform + ".json"))) {
            names.add(platform);
        }
        return names;
    }

    static FeatureSet load(Path featureDir, Path bundleDir, List<String> names) throws LaunchException {
        FeatureSet set = new FeatureSet();
        ObjectMapper json = new ObjectMapper();
        for (String name : names) {
            Path file = featureDir.resolve(name + ".json");
            if (!Files.exists(file)) {
                throw new LaunchException(LaunchException.USAGE, "no feature '" + name + "' (looked for " + file + ")");
            }
            JsonNode feature;
            try {
                feature = json.readTree(file.toFile());
            } catch (IOException e) {
                throw new LaunchException(LaunchException.START_FAILED, "cannot read feature " + file + ": " + e.getMessage());
            }
            set.names.add(name);
            for (JsonNode b : feature.path("bundles")) {
                String id = b.isTextual() ? b.asText() : b.path("id").asText();
                set.bundles.add(new BundleRef(id, jarOf(bundleDir, id), b.path("start-order").asInt(1)));
            }
            Iterator<Map.Entry<String, JsonNode>> configs = feature.path("configurations").fields();
            while (configs.hasNext()) {
                Map.Entry<String, JsonNode> c = configs.next();
                Map<String, Object> props = new LinkedHashMap<>();
                c.getValue().fields().forEachRemaining(p -> props.put(p.getKey(), scalar(p.getValue())));
                set.configurations.put(c.getKey(), props);
            }
        }
        return set;
    }

    private static Object scalar(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isInt()) {
            return v.intValue();
        }
        if (v.isNumber()) {
            return v.longValue();
        }
        return v.asText();
    }

    private static Path jarOf(Path bundleDir, String id) throws LaunchException {
        String[] gav = id.split(":");
        if (gav.length < 3) {
            throw new LaunchException(LaunchException.START_FAILED, "bad bundle id '" + id + "' (want group:artifact:version)");
        }
        Path jar = bundleDir.resolve(gav[1] + "-" + gav[2] + ".jar");
        if (!Files.exists(jar)) {
            throw new LaunchException(LaunchException.START_FAILED, "bundle " + id + " missing from " + bundleDir);
        }
        return jar;
    }
}
