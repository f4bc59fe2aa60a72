package org.annex.assistant.ssh;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jgit.transport.URIish;
import org.junit.Test;

/** The static helpers of {@link SshConnections}: which urls are ssh, and quoting for the remote shell. */
public class SshConnectionsHelpersTest {
    @Test
    public void sshUrlsAreThoseGitReachesOverSsh() throws Exception {
        assertTrue(SshConnections.isSsh(new URIish("ssh://u@h:2222/srv/r")));
        assertTrue(SshConnections.isSsh(new URIish("git+ssh://h/srv/r")));
        assertTrue(SshConnections.isSsh(new URIish("u@h:srv/r")));
        assertFalse(SshConnections.isSsh(new URIish("/srv/r")));
        assertFalse(SshConnections.isSsh(new URIish("file:///srv/r")));
        assertFalse(SshConnections.isSsh(new URIish("https://h/srv/r")));
    }

    /** Quoted arguments reach a real shell as one argument each, whatever they hold. */
    @Test
    public void aQuotedArgumentIsOneArgumentToTheShell() throws Exception {
        for (String s : List.of("it's", "/srv/a b", "$(touch x)", "'", "a'\\'b", "`id`;\n|&")) {
            Process p = new ProcessBuilder("sh", "-c", "printf %s " + SshConnections.quote(s)).start();
            assertEquals(s, new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, p.waitFor());
        }
        assertEquals("'it'\\''s'", SshConnections.quote("it's"));
    }
}
