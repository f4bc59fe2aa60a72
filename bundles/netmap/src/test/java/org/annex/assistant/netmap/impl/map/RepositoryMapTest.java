package org.annex.assistant.netmap.impl.map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.netmap.NetworkLink;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.DiamondClones;
import org.annex.assistant.testsupport.Git;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Four real git-annex clones in a diamond, a → b → d and a → c → d, c ⇄ d the expensive edge (annex-cost
 * 500 both ways). Each repository's map publishes its links; after git-annex syncs, a knows b's and c's remotes too.
 */
public class RepositoryMapTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> posted = Collections.synchronizedList(new ArrayList<>());
    private ScheduledExecutorService scheduler;
    private DiamondClones diamond;
    private Path a, b, c, d;

    @Before
    public void diamond() throws Exception {
        scheduler = NamedThreads.scheduler("netmap-test", 1);
        diamond = DiamondClones.create(tmp.getRoot().toPath(), a -> {
            Files.writeString(a.resolve("readme"), "the diamond");
            Git.run(a, "git", "add", "readme");
            Git.run(a, "git", "commit", "-q", "-m", "first");
        });
        a = diamond.a;
        b = diamond.b;
        c = diamond.c;
        d = diamond.d;
    }

    @After
    public void stop() {
        scheduler.shutdownNow();
    }

    private RepositoryMap map(LocalAnnex repo) {
        return new RepositoryMap(repo, (topic, props) -> posted.add(topic + " " + props.get(Topics.REPOSITORY)), scheduler);
    }

    /** Each map refreshes (publishing its links), each journal is committed, then git-annex syncs. */
    private void publishAndSync(List<LocalAnnex> repos, List<RepositoryMap> maps) throws Exception {
        for (int i = 0; i < repos.size(); i++) {
            maps.get(i).refresh();
            repos.get(i).commitJournal();
        }
        diamond.syncAll();
        for (RepositoryMap m : maps) {
            m.refresh();
        }
    }

    @Test
    public void remotesOfRemotesAreLearnedAndACutCheapLinkIsRoutedAround() throws Exception {
        try (LocalAnnex ra = LocalAnnex.open(a, "a"); LocalAnnex rb = LocalAnnex.open(b, "b");
                LocalAnnex rc = LocalAnnex.open(c, "c"); LocalAnnex rd = LocalAnnex.open(d, "d")) {
            List<LocalAnnex> repos = List.of(ra, rb, rc, rd);
            List<RepositoryMap> maps = new ArrayList<>();
            repos.forEach(r -> maps.add(map(r)));
            RepositoryMap ma = maps.get(0);
            RepositoryMap mb = maps.get(1);
            RepositoryMap mc = maps.get(2);
            Set<String> holders = Set.of(ra.uuid());
            Set<String> wanting = Set.of(rb.uuid(), rc.uuid(), rd.uuid());

            ma.refresh();
            assertEquals("no other repository has published: flood fill", Optional.empty(), ma.nextHops(holders, wanting));
            assertEquals(List.of("b", "c"), ma.sendTo());

            publishAndSync(repos, maps);
            assertTrue("a knows c's link to d: " + ma.links(), ma.links().stream().anyMatch(l ->
                    l.from().equals(rc.uuid()) && l.to().equals(rd.uuid()) && l.annexCost() == 500));
            assertEquals(Optional.of(List.of("b", "c")), ma.nextHops(holders, wanting));
            assertEquals("d gets it over the cheap path", Optional.of(List.of("d")), mb.nextHops(holders, wanting));
            assertEquals(Optional.of(List.of()), mc.nextHops(holders, wanting));

            posted.clear();
            mb.handle(Topics.REMOTE_REACHABLE, Map.<String, Object>of(Topics.REMOTE, "d", Topics.REACHABLE, false)::get);
            publishAndSync(repos, maps);
            assertTrue(posted.toString(), posted.contains(Topics.NETWORK_MAP_CHANGED + " " + b));
            assertTrue(posted.toString(), posted.contains(Topics.NETWORK_MAP_CHANGED + " " + a));
            NetworkLink bd = ma.links().stream().filter(l -> l.from().equals(rb.uuid()) && l.to().equals(rd.uuid()))
                    .findFirst().orElseThrow();
            assertFalse("a learned that b cannot reach d", bd.up());
            assertEquals("b no longer sends to d", Optional.of(List.of()), mb.nextHops(holders, wanting));
            assertEquals("d still gets it, over the expensive edge", Optional.of(List.of("d")), mc.nextHops(holders, wanting));

            String dot = ma.dot();
            assertTrue(dot, dot.startsWith("digraph netmap {"));
            assertTrue(dot, dot.contains("label=\"a\\n" + ra.uuid() + "\", peripheries=2"));
            assertTrue(dot, dot.contains("[label=\"500\"]") || dot.contains("[label=\"500\", style=bold"));
            assertTrue(dot, dot.contains("style=dashed"));
        }
        for (Path p : List.of(a, b, c, d)) {
            Git.Result fsck = Git.exec(p, Map.of(), true, "git", "annex", "fsck", "-q");
            assertEquals(fsck.toString(), 0, fsck.exitCode);
            Git.Result map = Git.exec(p, Map.of(), true, "git", "annex", "map", "--fast");
            assertEquals(map.toString(), 0, map.exitCode);
            assertFalse(map.toString(), (map.error + map.output).toLowerCase().contains("warning"));
        }
    }

    @Test
    public void aPublishedWordThatDoesNotParseIsLeftOutAndNamed() throws Exception {
        try (LocalAnnex ra = LocalAnnex.open(a, "a"); LocalAnnex rb = LocalAnnex.open(b, "b")) {
            rb.setAssistantLog(RepositoryMap.LOG_NAME, ra.uuid() + "=cost:abc " + ra.uuid() + "=cost:100,up:1 bogus");
            rb.commitJournal();
            Git.run(a, "git", "annex", "sync", "-q", "--no-content");
            RepositoryMap ma = map(ra);
            ma.refresh();
            assertEquals(ma.problems().toString(), 2, ma.problems().stream().filter(p -> p.startsWith(rb.uuid())).count());
            assertTrue(ma.links().stream().anyMatch(l -> l.from().equals(rb.uuid()) && l.to().equals(ra.uuid())));
        }
    }
}
