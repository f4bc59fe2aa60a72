package org.annex.assistant.transfer.impl;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.impl.LocalAnnexRepository;
import org.annex.assistant.remote.git.impl.GitRemoteFactory;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Benchmarks run by the scripts in bench/ (not a unit test): {@code upload REPO FILE REMOTE} times one
 * upload through the queue; {@code scan REPO} times a full scan, adds 10 files and times the incremental one.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        GitAnnexRepo cli = GitAnnexRepo.at(Path.of(args[1]));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(cli.dir(), "bench");
                Repository git = new FileRepositoryBuilder().setGitDir(cli.gitDir().toFile()).setMustExist(true).build()) {
            RemoteRegistry remotes = new RemoteRegistry(repo, git);
            remotes.addFactory(new GitRemoteFactory());
            JournalCommitter committer = new JournalCommitter(repo, scheduler, (t, p) -> { }, 1000);
            Transfers transfers = new Transfers(repo, remotes, (t, p) -> { }, committer, scheduler, 2, 4, 60_000);
            if (args[0].equals("upload")) {
                Key key = Key.parse(cli.key(args[2]));
                long t0 = System.nanoTime();
                transfers.enqueue(Direction.UPLOAD, key, args[2], args[3]);
                while (!transfers.queued().isEmpty() || !transfers.running().isEmpty()) {
                    Thread.sleep(1);
                }
                System.out.printf("upload_seconds %.3f%n", (System.nanoTime() - t0) / 1e9);
            } else {
                TransferScanner scanner = new TransferScanner(repo, git, remotes, transfers);
                transfers.setSlots(1, 0);
                long t0 = System.nanoTime();
                TransferScanner.Stats full = scanner.scan(List.of());
                System.out.printf("full_scan_seconds %.3f (%s)%n", (System.nanoTime() - t0) / 1e9, full);
                for (int i = 0; i < 10; i++) {
                    cli.addUnlocked("changed/new" + i + ".txt", ("changed " + i + "\n").getBytes());
                }
                long t1 = System.nanoTime();
                TransferScanner.Stats inc = scanner.scan(List.of());
                System.out.printf("incremental_scan_seconds %.3f (%s)%n", (System.nanoTime() - t1) / 1e9, inc);
            }
            transfers.close();
            committer.flush();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
