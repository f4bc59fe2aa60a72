package org.annex.assistant.itests;

import static org.annex.assistant.itests.WebConsole.bundleId;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.annex.assistant.itests.swap.ReplacementMountWatcher;
import org.annex.assistant.testsupport.Daemon;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Hot swap, end to end: the distribution runs; through the web console's HTTP interface the mount watcher
 * bundle is stopped and a replacement variant installed and started; the console's status component, which
 * holds a dynamic greedy reference, rebinds without being restarted (same instance).
 */
public class HotSwapIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void mountWatcherVariantSwapsWithoutRestart() throws Exception {
        try (Daemon d = Daemon.start(tmp.newFolder("repo").toPath())) {
            JsonNode before = status(d);
            assertEquals("mountinfo", before.path("mountWatcher").path("variant").asText());
            int instance = before.path("instance").asInt();

            long mountinfoId = bundleId(d, "org.annex.assistant.mountwatch-mountinfo");
            assertEquals(200, d.postForm("/system/console/bundles/" + mountinfoId, "action=stop").statusCode());
            awaitVariant(d, null);

            Path jar = replacementBundle(tmp.newFile("replacement.jar").toPath());
            int code = d.postFile("/system/console/bundles/install",
                    new String[][] {{"action", "install"}, {"bundlestart", "start"}, {"bundlestartlevel", "5"}},
                    "bundlefile", jar).statusCode();
            assertTrue("install answered " + code, code == 200 || code == 302);
            JsonNode after = awaitVariant(d, "replacement");
            assertEquals("[\"swap-test on /replacement type none\"]",
                    after.path("mountWatcher").path("mounts").toString());
            assertEquals("the status component must rebind, not restart", instance, after.path("instance").asInt());

            // And back: the original variant, started again, is taken once the replacement goes.
            assertEquals(200, d.postForm("/system/console/bundles/" + mountinfoId, "action=start").statusCode());
            long replacementId = bundleId(d, "org.annex.assistant.itests.replacement");
            assertEquals(200, d.postForm("/system/console/bundles/" + replacementId, "action=uninstall").statusCode());
            JsonNode back = awaitVariant(d, "mountinfo");
            assertEquals(instance, back.path("instance").asInt());
            assertTrue(d.alive());
        }
    }

    private static JsonNode status(Daemon d) throws Exception {
        return JSON.readTree(d.get("/system/console/annex/status.json").body());
    }

    private static JsonNode awaitVariant(Daemon d, String variant) throws Exception {
        long end = System.currentTimeMillis() + 15_000;
        JsonNode s;
        do {
            s = status(d);
            JsonNode v = s.path("mountWatcher").path("variant");
            if (variant == null ? v.isNull() : variant.equals(v.asText())) {
                return s;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < end);
        throw new AssertionError("variant did not become " + variant + ": " + s);
    }

    /** Packs the replacement class into a bundle, as a third party would ship a variant. */
    private static Path replacementBundle(Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.annex.assistant.itests.replacement");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", ReplacementMountWatcher.class.getName());
        a.putValue("Import-Package", "org.annex.assistant.api.mount;version=\"[1.0,2)\",org.osgi.framework");
        String entry = ReplacementMountWatcher.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf)) {
            jos.putNextEntry(new JarEntry(entry));
            jos.write(ReplacementMountWatcher.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
            jos.closeEntry();
        }
        return jar;
    }
}
