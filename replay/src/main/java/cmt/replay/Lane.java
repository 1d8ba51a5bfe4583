package cmt.replay;

import java.util.Arrays;

/**
 * One replay thread's share of a batch in a threaded replay: the positions of its events in the batch, in
 * order, and for each the other thread it must wait for first (or -1) and how many of that thread's events
 * of the batch must have returned by then. Filled by {@link Crew} for every batch, read by the replay loop
 * ({@link Loop#runLane}); the timed samples it takes are its own until the crew merges them.
 */
final class Lane {
    /** The worker this lane replays. */
    final int worker;
    /** Its recorded thread id, or {@code cmt.codec.Event.NONE} (a trace without thread ids). */
    long thread = -1;
    /** Nanoseconds this lane spent replaying its events (waits included). */
    long busyNanos;
    int[] position = new int[64];
    int[] waitFor = new int[64];
    int[] waitCount = new int[64];
    /** Whether the event ends a block whose last call was on another thread (in this batch or before). */
    boolean[] crosses = new boolean[64];
    /** Events of the batch in this lane. */
    int count;
    /** Address of this lane's line of the {@link Cursor} ({@link Cursor#lane}). */
    long cursor;

    // Written by the loop; usable sizes by the lane's event, moved to the batch's by the crew (written
    // there directly, threads' neighbouring events would share cache lines).
    long[] usable = new long[64];
    byte[] sampleOp = new byte[64];
    long[] sampleNs = new long[64];
    boolean[] sampleCrosses = new boolean[64];
    int samples;
    /** Position in the batch of an allocation that returned NULL, or -1. */
    int failed = -1;
    /** Times an event waited for another thread. */
    long waits;

    Lane(int worker) {
        this.worker = worker;
    }

    void clear() {
        count = 0;
        restart();
    }

    /** Forgets what a replay of the same events wrote, to replay them again. */
    void restart() {
        samples = 0;
        failed = -1;
    }

    /**
     * Adds position {@code p}, which waits for {@code count} events of {@code worker} (or none if -1) and
     * {@code crossing} another thread's block.
     */
    void add(int p, int worker, int count, boolean crossing) {
        if (this.count == position.length) {
            int n = this.count * 2;
            position = Arrays.copyOf(position, n);
            waitFor = Arrays.copyOf(waitFor, n);
            waitCount = Arrays.copyOf(waitCount, n);
            crosses = Arrays.copyOf(crosses, n);
        }
        position[this.count] = p;
        waitFor[this.count] = worker;
        waitCount[this.count] = count;
        crosses[this.count] = crossing;
        this.count++;
    }

    /** Room for as many samples and usable sizes as events. */
    void ensureSamples() {
        if (usable.length < count) {
            usable = new long[position.length];
        }
        if (sampleOp.length < count) {
            sampleOp = new byte[count];
            sampleNs = new long[count];
            sampleCrosses = new boolean[count];
        }
    }
}
