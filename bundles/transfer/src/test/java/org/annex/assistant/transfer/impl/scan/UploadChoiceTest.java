package org.annex.assistant.transfer.impl.scan;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.netmap.impl.map.RepositoryMap;
import org.annex.assistant.remote.git.GitRemotes;
import org.annex.assistant.testsupport.DiamondClones;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Which remotes a key goes to, with no map, with a map no one else has published to yet, and with the plan of
 * a real network map: four real git-annex clones in a diamond, a → b → d and a → c → d, c ⇄ d the expensive
 * edge (annex-cost 500 both ways), each with its netmap {@link RepositoryMap}, published by git-annex syncs.
 */
public class UploadChoiceTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone();
    private final List<AutoCloseable> open = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private DiamondClones diamond;
    private Path a, b, c, d;
    private LocalAnnex ra, rb, rc, rd;
    private RepositoryMap ma, mb, mc, md;
    private Key key;

    @Before
    public void diamond() throws Exception {
        scheduler = NamedThreads.scheduler("upload-choice-test", 1);
        diamond = DiamondClones.create(tmp.getRoot().toPath(), a -> {
            Files.writeString(a.resolve("f"), "content to plan for\n");
            Git.run(a, "git", "annex", "add", "-q", "f");
            Git.run(a, "git", "commit", "-q", "-m", "first");
        });
        a = diamond.a;
        b = diamond.b;
        c = diamond.c;
        d = diamond.d;
        key = Key.parse(Git.stdout(a, "git", "annex", "lookupkey", "f").trim());
        ra = opened(LocalAnnex.open(a, "a"));
        rb = opened(LocalAnnex.open(b, "b"));
        rc = opened(LocalAnnex.open(c, "c"));
        rd = opened(LocalAnnex.open(d, "d"));
        ma = new RepositoryMap(ra, EventSink.NONE, scheduler);
        mb = new RepositoryMap(rb, EventSink.NONE, scheduler);
        mc = new RepositoryMap(rc, EventSink.NONE, scheduler);
        md = new RepositoryMap(rd, EventSink.NONE, scheduler);
    }

    @After
    public void stop() throws Exception {
        scheduler.shutdownNow();
        for (AutoCloseable o : open) {
            o.close();
        }
        neighbours.close();
    }

    private <T extends AutoCloseable> T opened(T o) {
        open.add(o);
        return o;
    }

    /** Each map publishes its links, each journal is committed, git-annex syncs them everywhere, maps read them. */
    private void publishAndSync() throws Exception {
        List<RepositoryMap> maps = List.of(ma, mb, mc, md);
        List<LocalAnnex> repos = List.of(ra, rb, rc, rd);
        for (int i = 0; i < maps.size(); i++) {
            maps.get(i).refresh();
            repos.get(i).commitJournal();
        }
        diamond.syncAll();
        for (RepositoryMap m : maps) {
            m.refresh();
        }
    }

    /** The names of the remotes {@code choice} uploads the key to from {@code repo}, which has it, as do {@code holders}. */
    private List<String> chosen(LocalAnnex repo, UploadChoice choice, LocalAnnex... holders) throws Exception {
        RemoteRegistry remotes = new RemoteRegistry(repo);
        remotes.addFactory(GitRemotes.factory(neighbours));
        Set<String> locations = new java.util.HashSet<>();
        for (LocalAnnex h : holders) {
            locations.add(h.uuid());
        }
        locations.add(repo.uuid());
        List<Remote> all = remotes.all();
        return choice.choose(key, "f", locations, all, all).stream().map(Remote::name).sorted().toList();
    }

    @Test
    public void withoutAMapEveryRemoteThatWantsAndLacksItGetsIt() throws Exception {
        publishAndSync(); // a map exists, but flooding does not ask it
        assertEquals(List.of("b", "c"), chosen(ra, new UploadChoice(ra, null)));
        assertEquals("a has it already", List.of("d"), chosen(rc, new UploadChoice(rc, null), ra));
    }

    @Test
    public void aMapThatNoOtherRepositoryPublishedToFloods() throws Exception {
        mc.refresh();
        assertEquals(List.of("d"), chosen(rc, new UploadChoice(rc, mc), ra));
    }

    @Test
    public void thePlanSendsOverTheCheapPathAndAroundACutLink() throws Exception {
        publishAndSync();
        assertEquals(List.of("b", "c"), chosen(ra, new UploadChoice(ra, ma)));
        assertEquals("d gets it through b, not over c's expensive link", List.of(), chosen(rc, new UploadChoice(rc, mc), ra));
        assertEquals(List.of("d"), chosen(rb, new UploadChoice(rb, mb), ra));

        mb.handle(Topics.REMOTE_REACHABLE, Map.<String, Object>of(Topics.REMOTE, "d", Topics.REACHABLE, false)::get);
        publishAndSync();
        assertEquals("b cannot reach d", List.of(), chosen(rb, new UploadChoice(rb, mb), ra));
        assertEquals("d still gets it, over the expensive link", List.of("d"), chosen(rc, new UploadChoice(rc, mc), ra));
    }

    @Test
    public void aRepositoryThatDoesNotWantItRelaysItWhenThatIsCheaper() throws Exception {
        Git.run(a, "git", "annex", "wanted", "b", "exclude=*");
        publishAndSync();
        assertEquals("flood fill leaves b out", List.of("c"), chosen(ra, new UploadChoice(ra, null)));
        assertEquals("the plan sends to b for d", List.of("b", "c"), chosen(ra, new UploadChoice(ra, ma)));
        assertEquals(List.of("d"), chosen(rb, new UploadChoice(rb, mb), ra));
    }
}
