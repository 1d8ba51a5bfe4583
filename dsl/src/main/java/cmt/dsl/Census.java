package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Repairs;
import cmt.codec.TraceException;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Locale;

/**
 * Counts of a view: events by op, bytes allocated and freed, live blocks and bytes with their peaks,
 * threads seen, and the distributions of block sizes and lifetimes, all in one probe because every one
 * of them is a few instructions per event.
 *
 * <p>Sizes are the requested sizes of the blocks created in the view (malloc, calloc, aligned, and
 * realloc's new block). A lifetime is counted in events, for each block ended (freed or reallocated) in
 * the view: the index of the ending event minus that of the creating one, so a block freed right after
 * its malloc lived 1 event. Blocks still live at the end have no lifetime and are left out.
 */
final class Census implements Probe {
    final Distribution sizes = new Distribution();
    final Distribution lifetimes = new Distribution();
    private final long[] ops = new long[Op.values().length];
    private final LongOpenHashSet threads = new LongOpenHashSet();
    private long lastThread = Event.NONE;
    private long events;
    private long allocated;
    private long freed;
    long liveBlocks;
    long liveBytes;
    long peakBlocks;
    long peakBlocksAt = -1;
    long peakBytes;
    long peakBytesAt = -1;

    @Override
    public void before(Event e) {
        if (e.op.releases()) {
            liveBlocks--;
            liveBytes -= e.oldSize;
        }
        if (e.op.creates()) {
            liveBlocks++;
            liveBytes += e.size;
        }
    }

    @Override
    public void accept(Event e) {
        before(e);
        events++;
        ops[e.op.ordinal()]++;
        if (e.op.releases()) {
            freed = sum(freed, e.oldSize, "freed", e);
            lifetimes.record(e.index - e.oldIndex);
        }
        if (e.op.creates()) {
            allocated = sum(allocated, e.size, "allocated", e);
            sizes.record(e.size);
        }
        if (liveBlocks > peakBlocks || peakBlocksAt < 0) {
            peakBlocks = liveBlocks;
            peakBlocksAt = e.index;
        }
        if (Long.compareUnsigned(liveBytes, peakBytes) > 0 || peakBytesAt < 0) {
            peakBytes = liveBytes;
            peakBytesAt = e.index;
        }
        if (e.thread != lastThread && e.thread != Event.NONE) {
            threads.add(e.thread);
            lastThread = e.thread;
        }
    }

    /**
     * {@code total + bytes} in unsigned 64-bit arithmetic. Live bytes cannot pass 2^64 (live blocks do not
     * overlap), but a total of every block ever made could, and is then refused rather than wrapped.
     */
    private static long sum(long total, long bytes, String what, Event e) {
        long s = total + bytes;
        if (Long.compareUnsigned(s, total) < 0) {
            throw new TraceException("the bytes " + what + " pass 2^64 at event " + e.index
                    + (e.line == Event.NONE ? "" : " (line " + e.line + ")"));
        }
        return s;
    }

    long events() {
        return events;
    }

    /** The {@code stats} measures: these counts, then size and lifetime percentiles, then any repairs. */
    Measures measures(Repairs repairs) {
        Measures m = Measures.longs("stats")
                .add("events", events, "events");
        for (Op op : Op.values()) {
            m.add(op.name().toLowerCase(Locale.ROOT), ops[op.ordinal()], "events");
        }
        m.add("threads", threads.size(), "threads")
                .add("allocated", allocated, "bytes")
                .add("freed", freed, "bytes")
                .add("peak live blocks", peakBlocks, "blocks")
                .add("peak live blocks at", peakBlocksAt, "event")
                .add("peak live bytes", peakBytes, "bytes")
                .add("peak live bytes at", peakBytesAt, "event")
                .add("live blocks at end", liveBlocks, "blocks")
                .add("live bytes at end", liveBytes, "bytes");
        percentiles(m, "size", sizes, "bytes");
        percentiles(m, "lifetime", lifetimes, "events");
        if (repairs != null) {
            repairs.asMap().forEach((kind, n) -> m.add("lenient: " + kind.phrase(), n, "events"));
        }
        return m;
    }

    long count(Op op) {
        return ops[op.ordinal()];
    }

    int threads() {
        return threads.size();
    }

    long allocated() {
        return allocated;
    }

    long freed() {
        return freed;
    }

    private static void percentiles(Measures m, String what, Distribution d, String unit) {
        m.add(what + " p50", d.percentile(50), unit)
                .add(what + " p90", d.percentile(90), unit)
                .add(what + " p99", d.percentile(99), unit)
                .add(what + " max", d.max(), unit);
    }
}
