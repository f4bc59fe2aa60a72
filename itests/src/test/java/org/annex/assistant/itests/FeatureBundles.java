package org.annex.assistant.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.annex.assistant.testsupport.Daemon;
import org.ops4j.pax.exam.Option;

/**
 * Provisions Pax Exam from the distribution's own feature files, so the tests boot exactly the bundle set
 * (and start order) that users run.
 */
final class FeatureBundles {
    private FeatureBundles() {
    }

    static List<Option> of(String... features) throws IOException {
        Path dist = Daemon.distribution();
        ObjectMapper json = new ObjectMapper();
        List<Option> options = new ArrayList<>();
        for (String f : features) {
            JsonNode feature = json.readTree(Files.readString(dist.resolve("features").resolve(f + ".json")));
            for (JsonNode b : feature.path("bundles")) {
                String[] gav = b.path("id").asText().split(":");
                Path jar = dist.resolve("bundles").resolve(gav[1] + "-" + gav[2] + ".jar");
                options.add(bundle(jar.toUri().toString()).startLevel(b.path("start-order").asInt(1)));
            }
        }
        return options;
    }
}
