package cmt.replay;

import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The resident set size of the replaying process during one replay, in bytes. It is the whole process's,
 * JVM included: read {@link #peak()} against {@link #before()}.
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
 */
public record ResidentSet(long before, long after, long peak, long processPeak, List<Sample> series) {
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

    /** The series as a table: milliseconds since the start, events replayed, RSS bytes. */
    Table table(String title) {
        return Table.create(title,
                LongColumn.create("ms", series.stream().mapToLong(Sample::millis).toArray()),
                LongColumn.create("events", series.stream().mapToLong(Sample::events).toArray()),
                LongColumn.create("rss_bytes", series.stream().mapToLong(Sample::bytes).toArray()));
    }
}
