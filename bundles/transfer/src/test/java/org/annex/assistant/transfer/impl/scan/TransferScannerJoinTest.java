package org.annex.assistant.transfer.impl.scan;

import org.annex.assistant.transfer.impl.TransferFixture;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A remote that connects while a full walk is under way: A's tree holds files whose content is here only,
 * on B only, on C only, and on both B and C. A walk for slow-b (B) is held at a chosen entry while slow-c (C)
 * is registered and joins. What each remote should get is asked of git-annex beforehand. Transfers are held
 * at the fixture's gate, so the queue shows everything the scan queued and nothing has changed under it.
 */
public class TransferScannerJoinTest {
    private static final int FILES = 60;
    private TransferFixture fx;
    private GitAnnexRepo c;
    private TransferScanner scanner;
    private long treeEntries;
    /** What git-annex says each remote should get, as "direction file remote". */
    private Set<String> forB;
    private Set<String> forC;
    /** Files whose content is not here but on B, C or both. */
    private Set<String> elsewhere;

    @Before
    public void setUp() throws Exception {
        fx = new TransferFixture(0);
        fx.a.git("remote", "rename", "b", "slow-b");
        c = GitAnnexRepo.cloneOf(fx.a, fx.tmp.resolve("c"), "C");
        registerC(200);
        for (int i = 0; i < FILES; i++) {
            Files.writeString(fx.a.dir().resolve(file(i)), ("content of file " + i + "\n").repeat(100));
        }
        fx.a.git("-c", "annex.addunlocked=true", "annex", "add", "-q", "--force-large", ".");
        fx.a.git("commit", "-q", "-m", "files");
        // A sixth of the files on C only, a sixth on B only, a sixth on both, half here only: every kind on
        // both sides of any join point.
        fx.a.annex(concat(List.of("move", "-q", "--to=slow-c"), every(1)));
        fx.a.annex(concat(List.of("move", "-q", "--to=slow-b"), every(3)));
        fx.a.annex(concat(List.of("copy", "-q", "--to=slow-b"), every(5)));
        fx.a.annex(concat(List.of("move", "-q", "--to=slow-c"), every(5)));
        String uuidB = fx.b.uuid();
        String uuidC = c.uuid();
        forB = new TreeSet<>();
        forC = new TreeSet<>();
        lines(fx.a.annex("find", "--in=here", "--not", "--in=" + uuidB)).forEach(f -> forB.add("upload " + f + " slow-b"));
        lines(fx.a.annex("find", "--in=here", "--not", "--in=" + uuidC)).forEach(f -> forC.add("upload " + f + " slow-c"));
        // slow-b is the cheaper remote, so every key it has comes from it (see registerC).
        lines(fx.a.annex("find", "--not", "--in=here", "--in=" + uuidB)).forEach(f -> forB.add("download " + f + " slow-b"));
        lines(fx.a.annex("find", "--not", "--in=here", "--in=" + uuidC, "--not", "--in=" + uuidB))
                .forEach(f -> forC.add("download " + f + " slow-c"));
        elsewhere = lines(fx.a.annex("find", "--not", "--in=here"));
        fx.a.git("remote", "remove", "slow-c");
        treeEntries = lines(fx.a.git("ls-tree", "-r", "--name-only", "HEAD")).size();
        scanner = new TransferScanner(fx.repoA, fx.gitA, fx.remotes, fx.transfers);
        fx.gate = new CountDownLatch(1);
    }

    @After
    public void tearDown() throws IOException {
        fx.close();
    }

    private static String file(int i) {
        return String.format("f%02d.dat", i);
    }

    private static List<String> every(int remainder) {
        return IntStream.range(0, FILES).filter(i -> i % 6 == remainder).mapToObj(TransferScannerJoinTest::file).toList();
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static Set<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * C as remote slow-c. Costlier than slow-b (100), a key that B has too comes from B whenever C got on,
     * as a fresh scan would choose; cheaper, keys the walk passed before C got on still come from B.
     */
    private void registerC(int cost) throws IOException, InterruptedException {
        fx.a.git("remote", "add", "slow-c", "../c");
        fx.a.git("config", "remote.slow-c.annex-uuid", c.uuid());
        fx.a.git("config", "remote.slow-c.annex-cost", Integer.toString(cost));
    }

    private static Map<String, Long> downloadsPerFile(List<String> queued) {
        return queued.stream().filter(t -> t.startsWith("download "))
                .collect(Collectors.groupingBy(t -> t.split(" ")[1], TreeMap::new, Collectors.counting()));
    }

    /** Everything the queue holds, waiting or held at the gate, as "direction file remote", repeats kept. */
    private List<String> queue() {
        List<TransferQueue.Transfer> all = new ArrayList<>(fx.transfers.running());
        all.addAll(fx.transfers.queued());
        return all.stream().map(t -> t.direction.dirName() + " " + t.file + " " + t.remote).sorted().toList();
    }

    private static Set<String> of(List<String> transfers, String remote) {
        return transfers.stream().filter(t -> t.endsWith(" " + remote)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Scans slow-b; when the walk's first pass has gone past {@code position} entries, slow-c joins it. */
    private TransferScanner.Stats scanJoiningAt(long position, int costOfC) throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch joined = new CountDownLatch(1);
        scanner.setWalkProbe((pass, at) -> {
            if (pass == 1 && at == position) {
                reached.countDown();
                try {
                    assertTrue(joined.await(TransferFixture.PATIENCE_MS, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<TransferScanner.Stats> scan = thread.submit(() -> scanner.scan(List.of("slow-b")));
            assertTrue("the walk reaches entry " + position, reached.await(TransferFixture.PATIENCE_MS, TimeUnit.MILLISECONDS));
            assertEquals("slow-b is in the walk already", Set.of(), scanner.join(List.of("slow-b")));
            registerC(costOfC);
            assertEquals(Set.of("slow-c"), scanner.join(List.of("slow-c")));
            joined.countDown();
            return scan.get(TransferFixture.PATIENCE_MS, TimeUnit.MILLISECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    /** What every join must come to: each remote's share as git-annex sees it, once, and nothing else. */
    private List<String> assertShares(TransferScanner.Stats stats, long position) throws Exception {
        List<String> queued = queue();
        assertEquals("no transfer queued twice", new TreeSet<>(queued).size(), queued.size());
        assertEquals(queued.size(), stats.uploadsQueued + stats.downloadsQueued);
        assertEquals("slow-b gets what it would alone", forB, of(queued, "slow-b"));
        assertEquals("slow-c gets its share", forC, of(queued, "slow-c"));
        Map<String, Long> downloads = downloadsPerFile(queued);
        assertEquals("each file that is elsewhere, downloaded once", elsewhere, downloads.keySet());
        assertTrue("no file downloaded twice: " + downloads, downloads.values().stream().allMatch(n -> n == 1));
        assertTrue(stats.fullWalk);
        assertEquals(Map.of("slow-c", position), stats.joinedAt);
        assertEquals("one walk, and again the " + position + " entries slow-c missed", treeEntries + position, stats.entriesVisited);
        TransferScanner.Stats next = scanner.scan(List.of("slow-c"));
        assertFalse("slow-c's scan was recorded", next.fullWalk);
        assertEquals(0, next.uploadsQueued + next.downloadsQueued);
        return queued;
    }

    @Test
    public void remoteConnectedMidScanGetsItsShare() throws Exception {
        assertEquals("no walk to join yet", Set.of(), scanner.join(List.of()));
        long position = treeEntries / 2 - 5;
        List<String> queued = assertShares(scanJoiningAt(position, 200), position);

        fx.gate.countDown();
        fx.awaitIdle();
        List<String> done = new ArrayList<>();
        for (Map<String, Object> e : fx.events(Topics.TRANSFER_DONE)) {
            assertEquals(e.toString(), Boolean.TRUE, e.get("ok"));
            done.add(e.get("direction") + " " + e.get("file") + " " + e.get("remote"));
        }
        done.sort(null);
        assertEquals("each queued transfer ran once", queued, done);
        Map<String, Key> keys = new HashMap<>();
        for (String line : lines(fx.a.annex("find", "--include=*", "--format=${file} ${key}\\n"))) {
            String[] f = line.split(" ");
            keys.put(f[0], Key.parse(f[1]));
        }
        for (String t : queued) {
            String[] f = t.split(" ");
            GitAnnexRepo holder = f[0].equals("download") ? fx.a : f[2].equals("slow-b") ? fx.b : c;
            assertTrue(t, Files.exists(holder.gitDir().resolve("annex/objects").resolve(keys.get(f[1]).objectPath())));
        }
    }

    @Test
    public void remoteJoiningAtTheStartNeedsNoSecondPass() throws Exception {
        assertShares(scanJoiningAt(0, 200), 0);
    }

    @Test
    public void remoteJoiningAfterTheLastEntryGetsTheWholeTreeInTheSecondPass() throws Exception {
        assertShares(scanJoiningAt(treeEntries, 200), treeEntries);
    }

    @Test
    public void cheaperJoinerDoesNotFetchWhatTheWalkPassedBeforeAgain() throws Exception {
        long position = treeEntries / 2;
        TransferScanner.Stats stats = scanJoiningAt(position, 50);
        List<String> queued = queue();
        Map<String, Long> downloads = downloadsPerFile(queued);
        assertEquals(elsewhere, downloads.keySet());
        assertTrue("no file downloaded twice: " + downloads, downloads.values().stream().allMatch(n -> n == 1));
        // Files on both remotes: those the walk passed before slow-c got on were queued from slow-b then, the
        // others from slow-c, the cheaper. The tree holds just the files, in name order.
        assertEquals(FILES, treeEntries);
        Set<String> fromB = new TreeSet<>();
        Set<String> fromC = new TreeSet<>();
        for (int i = 5; i < FILES; i += 6) {
            (i < position ? fromB : fromC).add(file(i));
        }
        for (String f : fromB) {
            assertTrue(f, queued.contains("download " + f + " slow-b"));
        }
        for (String f : fromC) {
            assertTrue(f, queued.contains("download " + f + " slow-c"));
        }
        assertEquals(treeEntries + position, stats.entriesVisited);
    }

    @Test
    public void joinerScanIsRecordedOnlyOnceEveryEntryWasCheckedForIt() throws Exception {
        long position = treeEntries / 2;
        scanner.setWalkProbe((pass, at) -> {
            if (pass == 1 && at == position) {
                try {
                    registerC(200);
                    assertEquals(Set.of("slow-c"), scanner.join(List.of("slow-c")));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            } else if (pass == 2 && at == position - 1) {
                throw new IllegalStateException("walk broken off one entry short of slow-c's lap");
            }
        });
        try {
            scanner.scan(List.of("slow-b"));
            fail("the probe breaks the walk off");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("broken off"));
        }
        List<Set<String>> bJoins = new ArrayList<>();
        scanner.setWalkProbe((pass, at) -> {
            if (pass == 1 && at == 1) {
                try {
                    bJoins.add(scanner.join(List.of("slow-b")));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertTrue("slow-c has no last scan", scanner.scan(List.of("slow-c")).fullWalk);
        assertEquals("slow-b's last scan is good: it is to be scanned after the walk, not in it", List.of(Set.of()), bJoins);
        assertFalse("slow-b's was recorded when the first pass ended", scanner.scan(List.of("slow-b")).fullWalk);
    }
}
