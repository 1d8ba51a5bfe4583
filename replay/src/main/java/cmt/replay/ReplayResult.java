package cmt.replay;

import cmt.codec.Op;
import cmt.dsl.Html;
import cmt.dsl.HtmlTable;
import cmt.dsl.Replayed;
import cmt.dsl.Trace;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What one replay measured: what was replayed and how, then the measurements in groups. Times are
 * nanoseconds unless a name says otherwise; sizes are bytes.
 *
 * <pre>{@code
 * ReplayResult r = Replay.of("jemalloc").touch(Touch.PAGE).run(Path.of("ls.trace"));
 * r.nanosPerEvent();                 // time in the replay loop per event
 * r.calls().of(Op.MALLOC);           // mallocs replayed
 * r.latency().of(Op.MALLOC);         // their sampled latencies (HdrHistogram)
 * r.memory().usableOverhead();       // usable over requested bytes, minus one
 * r.residentSet().peak();            // highest RSS seen
 * r.tables();                        // summary, latencies, RSS series, allocator statistics
 * }</pre>
 *
 * <p>A child process hands its result to the caller in the form {@link ResultFile} derives from these
 * components, so a new measurement is a new component (of a type {@link RecordFormat} knows) and nothing
 * else.
 *
 * @param allocator        the allocator's name as asked (e.g. {@code jemalloc} or a path)
 * @param library          the shared library that held its malloc
 * @param input            the replayed trace's name
 * @param touch            how blocks were touched
 * @param isolated         true if the replay ran in a child process
 * @param output           where the re-emitted trace went: a path, {@code -} for standard output, or null
 * @param notes            how missing allocator functions were stood in for, and what a lenient reader
 *                         repaired
 * @param calls            events replayed, by kind of call
 * @param timing           wall and loop time
 * @param latency          sampled latencies of single calls, with the clock's and a downcall's cost
 * @param memory           requested and usable bytes, live peaks
 * @param residentSet      the process's RSS before, during and after
 * @param threads          recorded and replay threads, and the calls that crossed threads
 * @param statisticsBefore the allocator's own statistics before the first event (empty if it offers none)
 * @param statisticsAfter  the allocator's own statistics after the last event, before the blocks still
 *                         live were freed
 */
public record ReplayResult(String allocator, String library, String input, Touch touch, boolean isolated,
        String output, List<String> notes, PerOp<Long> calls, Timing timing, Latency latency, Memory memory,
        ResidentSet residentSet, Threads threads, Map<String, Long> statisticsBefore,
        Map<String, Long> statisticsAfter)
        implements Replayed {

    /** Keeps its own copies of the lists and maps; the statistics keep their order. */
    public ReplayResult {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(touch, "touch");
        notes = List.copyOf(notes);
        statisticsBefore = Collections.unmodifiableMap(new LinkedHashMap<>(statisticsBefore));
        statisticsAfter = Collections.unmodifiableMap(new LinkedHashMap<>(statisticsAfter));
    }

    /** Events replayed. */
    public long events() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Loop time per event ({@link Timing#loopNanos()} over {@link #events()}); NaN without events. */
    public double nanosPerEvent() {
        return timing.nanosPerEvent(events());
    }

    /**
     * The re-emitted trace, ready for any analysis: the input's events with this allocator's pointers.
     *
     * @throws IllegalStateException if the replay was not asked to re-emit it ({@link Replay#output})
     */
    @Override
    public Trace trace() {
        return Trace.open(emitted());
    }

    /**
     * The file holding the re-emitted trace (tagged text).
     *
     * @throws IllegalStateException if the replay was not asked to re-emit it ({@link Replay#output})
     */
    public Path emitted() {
        if (output == null || output.equals("-")) {
            throw new IllegalStateException("the replay did not re-emit the trace to a file (see Replay.output)");
        }
        return Path.of(output);
    }

    /** The summary, latencies, RSS series and allocator statistics, in that order. */
    @Override
    public List<Table> tables() {
        return List.of(summary(), latencies(), rss(), statistics());
    }

    /** One row: the numbers {@code cmt compare} shows for each allocator. */
    public Table summary() {
        Summary s = new Summary("replay of " + input);
        s.add(this);
        return s.table();
    }

    /**
     * Sampled latency percentiles, one row per kind of call that occurred: op, calls, sampled, mean (ns),
     * p50 (ns), p90 (ns), p99 (ns), p99.9 (ns), max (ns).
     */
    public Table latencies() {
        return latency.table(allocator, calls);
    }

    /** The RSS series: milliseconds since the start, events replayed, RSS bytes. */
    public Table rss() {
        return residentSet.table("RSS of " + allocator + " (touch " + touch + ")");
    }

    /** The allocator's statistics before and after the replay, and the change. */
    public Table statistics() {
        Table t = Table.create("statistics of " + allocator, StringColumn.create("statistic"),
                LongColumn.create("before"), LongColumn.create("after"), LongColumn.create("change"));
        for (Map.Entry<String, Long> e : statisticsAfter.entrySet()) {
            Long before = statisticsBefore.get(e.getKey());
            t.stringColumn("statistic").append(e.getKey());
            if (before == null) {
                t.longColumn("before").appendMissing();
                t.longColumn("change").appendMissing();
            } else {
                t.longColumn("before").append(before);
                t.longColumn("change").append(e.getValue() - before);
            }
            t.longColumn("after").append(e.getValue());
        }
        return t;
    }

    /** The report as HTML, for notebooks: the text report, then the latency table. */
    public String toHtml() {
        return "<pre>" + Html.escape(toString()) + "</pre>\n" + HtmlTable.of(latencies()).whole();
    }

    /** A readable report, as {@code cmt replay} prints it. */
    @Override
    public String toString() {
        return Report.of(this);
    }
}
