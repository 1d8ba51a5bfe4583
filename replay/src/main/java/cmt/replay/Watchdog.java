package cmt.replay;

/**
 * Decides when a replay must be stopped: it has run longer than its time limit, or one allocator call
 * (or the loading of the allocator, or the final frees) has not returned for longer than the stall limit.
 * It only reads the {@link Cursor}, which the replay loop updates before every call, so it costs the
 * loop nothing; whoever polls it ({@link ChildProcess} for a child, a thread of {@link Engine} in process)
 * decides what stopping means there.
 *
 * <p>Time spent reading the trace between two batches is not a stall: a slow pipe is not the
 * allocator's fault (the time limit still counts it).
 */
final class Watchdog {
    private final Cursor cursor;
    private final String allocator;
    private final long timeoutNanos;
    private final long stallNanos;
    private final long start = System.nanoTime();
    private long lastWord = -1;
    private long lastPhase = -1;
    private long since = start;
    private boolean stalled;

    Watchdog(Cursor cursor, Settings s) {
        this.cursor = cursor;
        this.allocator = s.allocator();
        this.timeoutNanos = s.timeoutMillis() * 1_000_000L;
        this.stallNanos = s.stallMillis() * 1_000_000L;
    }

    /** Null while the replay may go on; otherwise why it must stop, as the one line a person reads. */
    String check() {
        long now = System.nanoTime();
        if (timeoutNanos > 0 && now - start > timeoutNanos) {
            return allocator + ": replay stopped at its time limit of " + duration(timeoutNanos) + ", "
                    + cursor.where();
        }
        long phase = cursor.phase();
        long word = cursor.eventWord();
        if (phase != lastPhase || word != lastWord) {
            lastPhase = phase;
            lastWord = word;
            since = now;
            return null;
        }
        if (stallNanos > 0 && phase != Cursor.READING && phase != Cursor.DONE && now - since > stallNanos
                && cursor.inCall()) {
            stalled = true;
            return allocator + ": no progress for " + duration(stallNanos) + ": the allocator has not returned, "
                    + cursor.where() + "; replay stopped";
        }
        return null;
    }

    /** True once {@link #check} found a call that has not returned (rather than a time limit reached). */
    boolean stalled() {
        return stalled;
    }

    /** A limit for a person: "60 s", "1.5 s", "250 ms". */
    static String duration(long nanos) {
        long ms = nanos / 1_000_000L;
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
