package org.annex.assistant.watcher.impl.changes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.annex.assistant.watcher.impl.changes.ChangeAggregator.Due;
import org.junit.Test;

/**
 * The aggregator alone, on a clock the test moves: staged changes are strings ("rm x", "mv a b"), the path
 * of a change its last word. Windows as the watcher's defaults: settle 20 ms, lull 20 ms, burst lull 1 s,
 * longest batch 10 s.
 */
public class ChangeAggregatorTest {
    private static final long MS = 1_000_000L;

    private long now = 1_000 * MS;
    private final ChangeAggregator<String> changes = new ChangeAggregator<>(
            new ChangeAggregator.Windows(20, 20, 1000, 10_000), () -> now,
            c -> c.substring(c.lastIndexOf(' ') + 1));

    private void advance(long millis) {
        now += millis * MS;
    }

    /** Takes every due path and stages "add PATH" for it, as the watcher's round does. */
    private List<Due> lookAtDue() {
        List<Due> due = changes.dueAt(now);
        for (Due d : due) {
            assertEquals(d, changes.take(d.path(), now));
            changes.staged("add " + d.path());
        }
        return due;
    }

    @Test
    public void loneFileIsDueAfterSettleAndCommittedAfterTheLull() {
        changes.changed("a.txt", true);
        advance(19);
        assertEquals(List.of(), changes.dueAt(now));
        advance(1);
        assertEquals(List.of(new Due("a.txt", true)), lookAtDue());
        assertNull("the lull has not come", changes.commitBatch(false, false));
        advance(19);
        assertNull(changes.commitBatch(false, false));
        advance(1);
        assertEquals(List.of("add a.txt"), changes.commitBatch(false, false));
        assertFalse(changes.waiting());
        assertNull("nothing left", changes.commitBatch(false, false));
    }

    @Test
    public void fileWrittenAgainRestartsItsSettle() {
        changes.changed("log", false);
        advance(15);
        changes.changed("log", true);
        advance(15);
        assertEquals("30 ms after the first event, 15 after the second", List.of(), changes.dueAt(now));
        advance(5);
        assertEquals(List.of(new Due("log", true)), changes.dueAt(now));
    }

    @Test
    public void eventAfterTheDueListWasMadeKeepsThePathSettling() {
        changes.changed("f", true);
        advance(20);
        long roundStart = now;
        assertEquals(1, changes.dueAt(roundStart).size());
        advance(1);
        changes.changed("f", false);
        assertNull("written again while the round ran", changes.take("f", roundStart));
        advance(20);
        assertEquals(new Due("f", false), changes.take("f", now));
    }

    @Test
    public void burstIsHeldUntilTheLongerLull() {
        for (int i = 0; i < 20; i++) {
            changes.changed("f" + i, true);
        }
        advance(20);
        assertEquals(20, lookAtDue().size());
        advance(20);
        assertNull("a burst waits for more than the short lull", changes.commitBatch(false, false));
        advance(979);
        assertNull(changes.commitBatch(false, false));
        advance(1);
        List<String> batch = changes.commitBatch(false, false);
        assertEquals(20, batch.size());
        assertEquals("add f0", batch.get(0));
    }

    @Test
    public void burstThatNeverPausesIsCommittedAtTheLongestBatchAge() {
        for (int i = 0; i < 10; i++) {
            changes.changed("f" + i, true);
        }
        long started = now;
        int next = 10;
        List<String> batch = null;
        while (batch == null && now - started < 20_000 * MS) {
            advance(20);
            lookAtDue();
            advance(80);
            batch = changes.commitBatch(false, false);
            changes.changed("f" + next++, true);
        }
        assertEquals("a change every 100 ms, never the burst's lull of 1 s", 10_000, (now - started) / MS);
        assertEquals("the first 10 and one more per 100 ms but the last", 109, batch.size());
    }

    @Test
    public void settledFileWaitingToBeLookedAtHoldsTheCommit() {
        changes.changed("a", true);
        advance(20);
        lookAtDue();
        changes.changed("b", true);
        advance(20);
        assertNull("b is settled and belongs in the same commit", changes.commitBatch(false, false));
        lookAtDue();
        advance(20);
        assertEquals(List.of("add a", "add b"), changes.commitBatch(false, false));
    }

    @Test
    public void deleteIsStagedAtOnceAndEndsTheSettleOfWhatWasBelow() {
        changes.changed("dir/x", false);
        changes.changed("dir2/y", false);
        changes.deleted("dir", "rm dir");
        advance(20);
        assertEquals(List.of(new Due("dir2/y", false)), changes.dueAt(now));
        assertEquals(List.of("rm dir"), changes.commitBatch(false, true));
    }

    @Test
    public void moveCarriesWhatSettlesBelowToTheNewName() {
        changes.changed("tmp/part", false);
        advance(10);
        changes.moved("tmp", "final", "mv tmp final");
        advance(10);
        assertEquals("its settle time goes on, not restarted", List.of(new Due("final/part", false)),
                changes.dueAt(now));
        assertNull(changes.take("tmp/part", now));
        lookAtDue();
        advance(20);
        assertEquals(List.of("mv tmp final", "add final/part"), changes.commitBatch(false, false));
    }

    @Test
    public void batchPutBackIsTriedAgainAtOnce() {
        changes.staged("add a");
        advance(20);
        List<String> batch = changes.commitBatch(false, false);
        changes.unstage(batch);
        assertEquals("the index was locked: no lull needed again", List.of("add a"),
                changes.commitBatch(false, false));
    }

    @Test
    public void batchPutBackGoesBeforeWhatWasStagedSinceAndWaitsForItsLull() {
        changes.staged("add a");
        advance(20);
        List<String> batch = changes.commitBatch(false, false);
        changes.staged("add b");
        changes.unstage(batch);
        assertNull("b was just staged", changes.commitBatch(false, false));
        advance(20);
        assertEquals(List.of("add a", "add b"), changes.commitBatch(false, false));
    }

    @Test
    public void dirtyIndexIsCommittedWithNothingStaged() {
        assertNull(changes.commitBatch(false, false));
        assertEquals(List.of(), changes.commitBatch(true, false));
    }

    @Test
    public void recheckWaitsTheSettleTimeDueNowDoesNot() {
        changes.recheck("busy");
        changes.dueNow("moved-in");
        assertEquals(List.of(new Due("moved-in", false)), changes.dueAt(now));
        advance(20);
        assertEquals(2, changes.dueAt(now).size());
    }

    @Test
    public void scanFindingsAreDueAtOnceAndCountAsActivity() {
        changes.staged("add old");
        advance(15);
        changes.found(List.of("new"), List.of("rm gone"));
        advance(10);
        assertNull("new is due and the lull restarted", changes.commitBatch(false, false));
        assertEquals(List.of(new Due("new", false)), lookAtDue());
        advance(20);
        assertEquals(List.of("add old", "rm gone", "add new"), changes.commitBatch(false, false));
    }

    @Test
    public void waitingPathsCountsEachPathOnce() {
        changes.changed("a", true);
        changes.staged("add a");
        changes.staged("rm b");
        assertTrue(changes.waiting());
        assertEquals(2, changes.waitingPaths());
    }
}
