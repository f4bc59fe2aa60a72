package org.annex.assistant.gitsync.impl.signals;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.gitsync.testing.AnnexFixture;
import org.annex.assistant.gitsync.testing.SshClients;
import org.annex.assistant.ssh.SshConnections;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.Sshd;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.URIish;
import org.junit.Test;

/** {@link NotifyChanges} against the stock git-annex-shell run by a real sshd. */
public class NotifyChangesTest {
    @Test
    public void readyThenTheShaOfEveryRefPushedThere() throws Exception {
        try (AnnexFixture fixture = new AnnexFixture();
                Sshd sshd = Sshd.start(fixture.root.resolve("sshd"))) {
            Path a = fixture.newRepo("A");
            Path server = fixture.bareClone(a, "server.git");
            Path other = fixture.cloneRepo(server, "C", "origin");
            LinkedBlockingQueue<List<ObjectId>> told = new LinkedBlockingQueue<>();
            try (SshConnections.Owned ssh = SshClients.to(sshd, fixture.root.resolve("home"));
                    NotifyChanges source = new NotifyChanges("A/server", new URIish(sshd.url(server)), () -> ssh,
                            told::add)) {
                source.start();
                assertEquals("READY is told as a change of unknown tips", List.of(), told.poll(30, TimeUnit.SECONDS));

                AnnexFixture.write(other, "c.txt", "c\n");
                AnnexFixture.commitPlain(other, "c", "c.txt");
                Git.run(other, "git", "push", "-q", "origin", "master:synced/master");
                ObjectId pushed = ObjectId.fromString(AnnexFixture.head(other));
                // One line per ref that moved (git-annex's post-receive hook may move others): until ours.
                List<List<ObjectId>> all = new java.util.ArrayList<>();
                long deadline = System.currentTimeMillis() + 30_000;
                while (all.stream().noneMatch(t -> t.contains(pushed)) && System.currentTimeMillis() < deadline) {
                    List<ObjectId> tips = told.poll(100, TimeUnit.MILLISECONDS);
                    if (tips != null) {
                        all.add(tips);
                    }
                }
                assertTrue("told " + all + ", pushed " + pushed.name(), all.stream().anyMatch(t -> t.contains(pushed)));
            }
        }
    }

    @Test
    public void theShasOfAChangedLine() {
        String a = "375c8f0bb52a93d99ab8ea5dc958d36aeffc1f8f";
        String b = "1d0ff79839125c6fa78366180aa80c791bf68a85";
        assertEquals(List.of(ObjectId.fromString(a), ObjectId.fromString(b)), NotifyChanges.tips("CHANGED " + a + " " + b));
        assertEquals(List.of(ObjectId.fromString(a)), NotifyChanges.tips("CHANGED " + a + " refs/heads/x"));
        assertEquals(List.of(), NotifyChanges.tips("CHANGED"));
    }
}
