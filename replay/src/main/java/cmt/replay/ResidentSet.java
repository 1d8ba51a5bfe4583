package cmt.replay;

import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The resident set size of the replaying process during one replay, in bytes. It is the whole process's,
 * JVM included: read {@link #peak()} against {@link #before()}, and {@link #allocatorGrowth()} for the part
 * that is not the JVM's own: the growth less what the JVM's old generation came to hold meanwhile (the
 * replay's own tables, which follow the live blocks, and the trace's site table) and what it committed for
 * classes and compiled code. The young generation is small and touched whole before the first event
 * ({@link #touchYoung}), so its garbage does not grow the RSS during the replay.
 *
 * <pre>{@code
 * ResidentSet rss = r.residentSet();
 * long growth = rss.peak() - rss.before();
 * rss.series().getLast().events();         // events replayed at the last sample
 * }</pre>
 *
 * @param before      before the first event, with the allocator loaded and warmed up
 * @param after       after the last event, before the blocks still live were freed
 * @param peak        the highest seen during the replay (samples and the end)
 * @param processPeak the process's peak since it started (VmHWM); for a replay in this process, older
 *                    peaks too
 * @param series      the samples, in time order (at most 2,048, spread over the whole replay)
 * @param jvmBefore   the JVM's own memory before the first event: old generation in use, non-heap committed
 * @param jvmAfter    the same after the last event
 */
public record ResidentSet(long before, long after, long peak, long processPeak, List<Sample> series, long jvmBefore,
        long jvmAfter) {
    /**
     * One reading of the resident set size.
     *
     * @param millis milliseconds since the replay started
     * @param events events replayed by then
     * @param bytes  the resident set size
     */
    public record Sample(long millis, long events, long bytes) {
    }

    /** Keeps its own copy of the series. */
    public ResidentSet {
        series = List.copyOf(series);
    }

    /** What the JVM took for itself during the replay (old generation, classes, code), never negative. */
    public long jvmGrowth() {
        return Math.max(0, jvmAfter - jvmBefore);
    }

    /**
     * The RSS growth that is the allocator's: peak over before, less {@link #jvmGrowth()}; never negative.
     * An estimate: committed JVM memory need not be resident, so it can only err towards the allocator's
     * figure being too small, never too large.
     */
    public long allocatorGrowth() {
        return Math.max(0, peak - before - jvmGrowth());
    }

    /** The JVM's own memory now: what its old generation holds, and what it committed outside the heap. */
    static long jvmOwn() {
        long bytes = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            String name = p.getName();
            if (p.getType() == java.lang.management.MemoryType.NON_HEAP) {
                bytes += p.getUsage().getCommitted();
            } else if (!name.contains("Eden") && !name.contains("Survivor")) {
                bytes += p.getUsage().getUsed();
            }
        }
        return bytes;
    }

    /**
     * Fills the young generation with garbage a few times over, so that all its pages are resident before
     * the RSS is first read: otherwise the reader's garbage would touch them during the replay, and they
     * would count as the allocator's.
     */
    static void touchYoung() {
        long young = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().contains("Eden") || p.getName().contains("Survivor")) {
                young += Math.max(0, p.getUsage().getCommitted());
            }
        }
        long sink = 0;
        for (long done = 0; done < 3 * young; done += 1 << 16) {
            byte[] garbage = new byte[1 << 16];
            garbage[garbage.length - 1] = (byte) done;
            sink += garbage[0];
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** The series as a table: milliseconds since the start, events replayed, RSS bytes. */
    Table table(String title) {
        return Table.create(title,
                LongColumn.create("ms", series.stream().mapToLong(Sample::millis).toArray()),
                LongColumn.create("events", series.stream().mapToLong(Sample::events).toArray()),
                LongColumn.create("rss (bytes)", series.stream().mapToLong(Sample::bytes).toArray()));
    }
}
