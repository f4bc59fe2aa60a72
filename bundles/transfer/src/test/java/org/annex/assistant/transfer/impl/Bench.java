package org.annex.assistant.transfer.impl;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.remote.git.GitRemotes;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.eclipse.jgit.lib.Repository;
import org.annex.assistant.transfer.impl.queue.Transfers;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.annex.assistant.transfer.impl.scan.TransferScanner;

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
        try (LocalAnnex repo = LocalAnnex.open(cli.dir(), "bench");
                NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone()) {
            Repository git = repo.git();
            RemoteRegistry remotes = new RemoteRegistry(repo);
            remotes.addFactory(GitRemotes.factory(neighbours));
            Transfers transfers = new Transfers(repo, remotes, EventSink.NONE, scheduler, 2, 4, 60_000, () -> null);
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
            repo.commitJournal();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
