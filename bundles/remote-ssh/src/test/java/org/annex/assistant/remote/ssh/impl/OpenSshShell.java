package org.annex.assistant.remote.ssh.impl;

import org.annex.assistant.testsupport.Sshd;

/** Carries the remote's commands with the OpenSSH client to a test sshd, trusting its host key unseen. */
final class OpenSshShell {
    private OpenSshShell() {
    }

    static SshRemote.Shell to(Sshd sshd) {
        return command -> new ProcessBuilder("ssh", "-i", sshd.clientKey().toString(), "-p", Integer.toString(sshd.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "LogLevel=ERROR", sshd.user() + "@127.0.0.1", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
