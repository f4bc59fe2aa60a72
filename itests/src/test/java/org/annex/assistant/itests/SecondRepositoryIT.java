package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A repository added while the daemon runs, as a factory configuration of the core bundle made through the
 * web console's configuration manager (as a user would on its Configuration page), is served like the
 * first: a file written in it is committed, pushed to its remote and its content transferred there.
 */
public class SecondRepositoryIT {
    private static final long TIMEOUT_MS = 60_000;
    /** The pid Felix's configuration manager takes for a configuration it is to create. */
    private static final String NEW_CONFIGURATION = "__Temporary PID replaced by real PID upon save__";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static boolean ok(Path dir, String... cmd) {
        try {
            return Git.tryRun(dir, cmd).exitCode == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    public void aRepositoryAddedThroughTheConsoleIsCommittedPushedAndItsContentTransferred() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path first = Git.annexInit(root.resolve("first"), "first");
        Path second = Git.annexInit(root.resolve("second"), "second");
        Path remote = Git.cloneAnnex(second, root.resolve("second-remote"), "second's remote", "second", "r");
        try (Daemon d = Daemon.start(first)) {
            int code = d.postForm("/system/console/configMgr/" + URLEncoder.encode(NEW_CONFIGURATION, StandardCharsets.UTF_8)
                            .replace("+", "%20"),
                    WebConsole.form("apply", "true", "action", "ajaxConfigManager", "factoryPid", "org.annex.assistant.core.repository",
                            "propertylist", "path,description", "path", second.toString(), "description", "second"))
                    .statusCode();
            assertTrue("the configuration manager answered " + code, code == 200 || code == 302);
            await(TIMEOUT_MS, "the second repository served", () -> {
                try {
                    return d.get("/system/console/annex/status.json").body().contains("\"" + second + "\"");
                } catch (Exception e) {
                    return false;
                }
            });

            byte[] content = new byte[200_000];
            new Random(7).nextBytes(content);
            Files.write(second.resolve("written-in-second.bin"), content);
            await(TIMEOUT_MS, "the file committed in the second repository",
                    () -> ok(second, "git", "cat-file", "-e", "HEAD:written-in-second.bin"));
            await(TIMEOUT_MS, "the commit pushed to its remote",
                    () -> ok(remote, "git", "cat-file", "-e", "refs/heads/synced/master:written-in-second.bin"));
            String key = Git.run(second, "git", "annex", "lookupkey", "written-in-second.bin").trim();
            await(TIMEOUT_MS, "its content transferred to the remote",
                    () -> ok(remote, "git", "annex", "contentlocation", key));
            Path stored = remote.resolve(Git.run(remote, "git", "annex", "contentlocation", key).trim());
            assertEquals("the remote holds the very content", java.util.Arrays.hashCode(content),
                    java.util.Arrays.hashCode(Files.readAllBytes(stored)));
            assertTrue("the first repository is still served", d.get("/system/console/annex/status.json").body()
                    .contains("\"" + first + "\""));
        }
    }
}
