package org.annex.assistant.itests.rate;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.annex.assistant.itests.WebConsole;
import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.NetNamespace;
import org.annex.assistant.testsupport.Sshd;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The speed knob with real traffic: A uploads to B over ssh, B's sshd and git-annex-shell inside a network
 * namespace of the test's own, so every byte crosses a veth link; B's partial object is sampled as it
 * grows. First git-annex itself copies a file with {@code annex.bwlimit} (the reference, no daemon
 * running), then A's daemon uploads a file under the same limit, set in A's git config as git-annex
 * reads it, which is halved when half of the file is across by the daemon-wide limit set through the
 * console's Configuration page (Config Admin, PID {@code org.annex.assistant.ratecontrol}); the console's
 * status.json shows both limits and where they come from. Ours must never be above the limit
 * (rate at most 3 % over, no second above 1.2× it), be at or under the new limit within 2 s of the change,
 * and reach the limit within 3 % unless the same run shows the machine could not move the bytes: when
 * git-annex's own copy got under 80 % of its limit (a starved CPU: the test runs at nice 15 beside other
 * work), the shortfall is printed instead of failed.
 *
 * <p>{@code -Dratecontrol.limitsMiB=1,10,50 -Dratecontrol.sizeMiB=200} is the long version
 * ({@code bench/ratecontrol.sh}); the default is one limit, 10 MiB/s, over 40 MiB.
 */
public class RateLimitIT {
    private static final long MIB = 1 << 20;
    private static final String PID = "org.annex.assistant.ratecontrol";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static List<Long> limitsMiB() {
        List<Long> l = new ArrayList<>();
        for (String s : System.getProperty("ratecontrol.limitsMiB", "10").split(",")) {
            l.add(Long.parseLong(s.trim()));
        }
        return l;
    }

    private static long sizeMiB() {
        return Long.getLong("ratecontrol.sizeMiB", 40);
    }

    @Test
    public void uploadsHoldTheLimitAcrossTheLinkAndFollowALiveChange() throws Exception {
        Optional<String> why = NetNamespace.unavailable();
        Assume.assumeTrue("skipped: network namespaces cannot be made here: " + why.orElse(""), why.isEmpty());
        Path root = tmp.getRoot().toPath();
        try (NetNamespace ns = NetNamespace.create(); Sshd sshd = Sshd.start(root.resolve("sshd"), ns)) {
            Path home = root.resolve("home");
            sshd.installClientSetup(home);
            Path a = Git.annexInit(root.resolve("a"), "A");
            Path b = Git.cloneAnnex(a, root.resolve("b"), "B", "a", "b");
            run(a, "git", "remote", "set-url", "b", sshd.url(b));
            // git-annex runs OpenSSH, which takes ~/.ssh from the password file, not from HOME.
            run(a, "git", "config", "remote.b.annex-ssh-options", "-i " + sshd.clientKey() + " -o UserKnownHostsFile="
                    + home.resolve(".ssh/known_hosts") + " -o StrictHostKeyChecking=yes");
            List<String> rows = new ArrayList<>();
            Map<Long, Boolean> starved = new HashMap<>();
            for (long limit : limitsMiB()) {
                Path f = write(a, "git-annex-" + limit + ".bin", sizeMiB() * MIB, limit);
                run(a, "git", "annex", "add", "-q", f.getFileName().toString());
                run(a, "git", "commit", "-q", "-m", "reference " + limit);
                RateFigures ref;
                try (Arrivals arrivals = new Arrivals(b)) {
                    run(a, "git", "-c", "annex.bwlimit=" + limit + "MiB", "annex", "copy", "-q", "--to", "b",
                            f.getFileName().toString());
                    ref = RateFigures.of(arrivals.samples(), 0, Long.MAX_VALUE);
                }
                rows.add("git-annex annex.bwlimit=" + limit + "MiB: " + ref.describe(limit * MIB));
                starved.put(limit, ref.rate() < 0.8 * limit * MIB);
            }
            try (Daemon d = Daemon.start(a, Map.of("JAVA_OPTS", "-Duser.home=" + home))) {
                // A first upload without a limit: the daemon's first seconds over ssh run its crypto
                // interpreted (at nice 15 beside other work, for seconds), which is not the knob's doing.
                write(a, "warm-up.bin", 32 * MIB, 1);
                await(120_000, "warm-up.bin in B's object store", () -> hasObject(b, 32 * MIB));
                for (long limit : limitsMiB()) {
                    rows.addAll(ours(a, b, limit, d, starved.get(limit)));
                }
            } finally {
                rows.forEach(r -> System.out.println("[rate] " + r));
            }
        }
    }

    /** One upload by the daemon at {@code limit}, halved half-way; asserts and returns its rows. */
    private List<String> ours(Path a, Path b, long limit, Daemon d, boolean starved) throws Exception {
        double before = limit * MIB;
        double after = before / 2;
        long size = sizeMiB() * MIB * 2;
        run(a, "git", "config", "annex.bwlimit", limit + "MiB/s");
        List<String> rows = new ArrayList<>();
        try (Arrivals arrivals = new Arrivals(b)) {
            write(a, "ours-" + limit + ".bin", size, limit + 1000);
            await(120_000 + size / (long) after * 1000, "half of ours-" + limit + ".bin in B",
                    () -> arrivals.bytes() >= size / 2);
            long change = System.nanoTime();
            int code = WebConsole.configure(d, PID, "upload", (limit * 1024 / 2) + "KiB/s");
            assertTrue("the configuration manager answered " + code, code == 200 || code == 302);
            long changed = System.nanoTime();
            JsonNode rates = WebConsole.status(d).path("rates");
            assertTrue(rates.toString(), has(rates, null, limit * MIB / 2, "config upload"));
            assertTrue(rates.toString(), has(rates, "b", limit * MIB, "annex.bwlimit"));
            await(120_000 + size / (long) after * 1000, "ours-" + limit + ".bin in B's object store", () -> hasObject(b, size));
            WebConsole.configure(d, PID, "upload", "");
            List<Arrivals.Sample> s = arrivals.samples();
            // From the first second on: the first one carries the connection's and the JIT's start, not the knob.
            RateFigures held = RateFigures.of(s, s.get(0).nanos() + 1_000_000_000L, change);
            RateFigures start = RateFigures.of(s, 0, s.get(0).nanos() + 1_000_000_000L);
            // Within 2 s of the change: the second from then on.
            RateFigures followed = RateFigures.of(s, changed + 2_000_000_000L, Long.MAX_VALUE);
            RateFigures firstSecond = RateFigures.of(s, changed + 2_000_000_000L, changed + 3_000_000_000L);
            rows.add("ours " + limit + "MiB/s: " + held.describe(before));
            rows.add("ours after halving to " + limit / 2.0 + "MiB/s, from 2 s on: " + followed.describe(after)
                    + "; the third second after the change: " + firstSecond.describe(after));
            String all = String.join("; ", rows) + "\n" + d.log();
            assertTrue("rate above the limit: " + all, held.rate() <= 1.03 * before);
            assertTrue("a second above 1.2x the limit: " + all, held.maxSecond() <= 1.2 * before);
            assertTrue("the first second above 1.2x the limit: " + all, start.bytes() <= 1.2 * before);
            assertTrue("above the halved limit 2 s after the change: " + all, firstSecond.rate() <= 1.1 * after);
            assertTrue("halved rate above the limit: " + all, followed.rate() <= 1.03 * after);
            assertTrue("a second above 1.2x the halved limit: " + all, followed.maxSecond() <= 1.2 * after);
            if (starved) {
                rows.add("git-annex's own copy got under 80 % of its limit in this run: the shortfall is the machine's, not asserted");
            } else {
                assertTrue("rate more than 3 % under the limit: " + all, held.rate() >= 0.97 * before);
                assertTrue("halved rate more than 3 % under the limit: " + all, followed.rate() >= 0.97 * after);
            }
        }
        return rows;
    }

    /** Whether status.json's rates list an upload limit of that remote (null: daemon-wide) from that source. */
    private static boolean has(JsonNode rates, String remote, long limit, String source) {
        for (JsonNode r : rates) {
            if (r.path("direction").asText().equals("upload") && (remote == null ? r.path("remote").isNull()
                    : remote.equals(r.path("remote").asText())) && r.path("limit").asLong() == limit
                    && r.path("source").asText().equals(source)) {
                return true;
            }
        }
        return false;
    }

    private static Path write(Path repo, String name, long size, long seed) throws IOException {
        Path f = repo.resolve(name);
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long done = 0; done < size; done += buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
        return f;
    }

    private static boolean hasObject(Path repo, long size) {
        Path objects = repo.resolve(".git/annex/objects");
        if (!Files.isDirectory(objects)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(objects)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.toFile().length() == size);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
