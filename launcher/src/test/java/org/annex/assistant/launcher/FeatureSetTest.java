package org.annex.assistant.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FeatureSetTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void platformFeatureFollowsTheOperatingSystem() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("linux.json"), "{}");
        Files.writeString(dir.resolve("macos.json"), "{}");
        assertEquals(List.of("base", "console", "linux"), FeatureSet.defaults(dir, "Linux"));
        assertEquals(List.of("base", "console", "macos"), FeatureSet.defaults(dir, "Mac OS X"));
        assertEquals(List.of("base", "console"), FeatureSet.defaults(dir, "FreeBSD"));
    }

    @Test
    public void bundlesAndConfigurationsAreComposedInOrder() throws Exception {
        Path features = tmp.newFolder("features").toPath();
        Path bundles = tmp.newFolder("bundles").toPath();
        Files.createFile(bundles.resolve("a-1.0.jar"));
        Files.createFile(bundles.resolve("b-2.0.jar"));
        Files.writeString(features.resolve("one.json"), "{\"bundles\":[{\"id\":\"g:a:1.0\",\"start-order\":1}],"
                + "\"configurations\":{\"pid.x\":{\"n\":3,\"s\":\"v\",\"f\":true}}}");
        Files.writeString(features.resolve("two.json"), "{\"bundles\":[{\"id\":\"g:b:2.0\",\"start-order\":4}]}");
        FeatureSet set = FeatureSet.load(features, bundles, List.of("one", "two"));
        assertEquals(2, set.bundles.size());
        assertEquals(bundles.resolve("b-2.0.jar"), set.bundles.get(1).jar);
        assertEquals(4, set.bundles.get(1).startOrder);
        assertEquals(3, set.configurations.get("pid.x").get("n"));
        assertEquals(Boolean.TRUE, set.configurations.get("pid.x").get("f"));
    }

    @Test
    public void missingBundleOrFeatureIsAClearError() throws Exception {
        Path features = tmp.newFolder("features").toPath();
        Path bundles = tmp.newFolder("bundles").toPath();
        Files.writeString(features.resolve("one.json"), "{\"bundles\":[{\"id\":\"g:gone:1.0\"}]}");
        try {
            FeatureSet.load(features, bundles, List.of("one"));
            fail();
        } catch (LaunchException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("bundle g:gone:1.0 missing from"));
        }
        try {
            FeatureSet.load(features, bundles, List.of("nope"));
            fail();
        } catch (LaunchException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no feature 'nope'"));
        }
    }
}
