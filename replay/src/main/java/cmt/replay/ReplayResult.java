package cmt.replay;

import cmt.codec.Op;
import cmt.dsl.Html;
import cmt.dsl.HtmlTable;
import cmt.dsl.Replayed;
import cmt.dsl.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What one replay measured. Times are nanoseconds unless a name says otherwise; sizes are bytes.
 *
 * <pre>{@code
 * ReplayResult r = Replay.of("jemalloc").touch(Touch.PAGE).run(Path.of("ls.trace"));
 * r.nanosPerEvent();           // time in the replay loop per event
 * r.latency(Op.MALLOC);        // sampled malloc latencies (HdrHistogram)
 * r.tables();                  // summary, latencies, RSS series, allocator statistics
 * }</pre>
 *
 * <p>Latencies are raw sampled intervals around single allocator calls; each includes one reading of
 * the clock ({@link #timerNanos()}) and the cost of a downcall ({@link #downcallNanos()}), measured on
 * the same run. RSS is the replaying process's, JVM included: compare {@link #rssPeak()} with
 * {@link #rssBefore()}.
 */
public final class ReplayResult implements Replayed {
    // Filled by Engine (or read back by ResultFile); never changed after.
    String allocator;
    String library;
    String input;
    Touch touch;
    int sampleEvery;
    boolean usableMeasured;
    boolean isolated;
    List<String> notes = new ArrayList<>();
    long[] opCount = new long[5];
    long wallNanos;
    long loopNanos;
    Histogram[] latency = new Histogram[5];
    double timerNanos;
    double downcallNanos;
    long rssBefore;
    long rssAfter;
    long rssPeak;
    long processPeak;
    long[] rssMillis = new long[0];
    long[] rssEvents = new long[0];
    long[] rssBytes = new long[0];
    long requested;
    long usable;
    long peakLiveRequested;
    long peakLiveUsable;
    long peakLiveBlocks;
    long liveBlocksAtEnd;
    Map<String, Long> statsBefore = new LinkedHashMap<>();
    Map<String, Long> statsAfter = new LinkedHashMap<>();
    String output;

    ReplayResult() {
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new Histogram(3);
        }
    }

    /** The allocator's name as asked (e.g. {@code jemalloc} or a path). */
    public String allocator() {
        return allocator;
    }

    /** The shared library that held its malloc. */
    public String library() {
        return library;
    }

    /** The replayed trace's name. */
    public String input() {
        return input;
    }

    /** How blocks were touched. */
    public Touch touch() {
        return touch;
    }

    /** One event in this many was timed; 0 if none was. */
    public int sampleEvery() {
        return sampleEvery;
    }

    /** True if the replay ran in a child process. */
    public boolean isolated() {
        return isolated;
    }

    /** How missing allocator functions were stood in for, and what a lenient reader repaired. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** Events replayed. */
    public long events() {
        return Arrays.stream(opCount).sum();
    }

    /** Events of one kind replayed. */
    public long count(Op op) {
        return opCount[op.ordinal()];
    }

    /** From opening the trace to the last event: reading, decoding, replaying, re-emitting. */
    public long wallNanos() {
        return wallNanos;
    }

    /** Time spent in the replay loop: allocator calls, touching memory and the loop's own bookkeeping. */
    public long loopNanos() {
        return loopNanos;
    }

    /** {@link #loopNanos()} per event. */
    public double nanosPerEvent() {
        long events = events();
        return events == 0 ? Double.NaN : (double) loopNanos / events;
    }

    /** Sampled latencies of one kind of call, in nanoseconds (a copy). */
    public Histogram latency(Op op) {
        return latency[op.ordinal()].copy();
    }

    /** Mean sampled latency of one kind of call, or NaN if none was timed. */
    public double meanNanos(Op op) {
        Histogram h = latency[op.ordinal()];
        return h.getTotalCount() == 0 ? Double.NaN : h.getMean();
    }

    /** What an empty timed interval measures on this machine (included in every latency sample). */
    public double timerNanos() {
        return timerNanos;
    }

    /** What an empty downcall costs on this machine (included in every allocator call). */
    public double downcallNanos() {
        return downcallNanos;
    }

    /** RSS before the first event, with the allocator loaded and warmed up. */
    public long rssBefore() {
        return rssBefore;
    }

    /** RSS after the last event, before the blocks still live were freed. */
    public long rssAfter() {
        return rssAfter;
    }

    /** Highest RSS seen during the replay (samples and the end). */
    public long rssPeak() {
        return rssPeak;
    }

    /** The process's peak RSS since it started (VmHWM); for a replay in this process, older peaks too. */
    public long processPeakRss() {
        return processPeak;
    }

    /** Sample times of the RSS series, in milliseconds since the replay started. */
    public long[] rssMillis() {
        return rssMillis.clone();
    }

    /** Events replayed at each RSS sample. */
    public long[] rssEvents() {
        return rssEvents.clone();
    }

    /** RSS at each sample. */
    public long[] rssBytes() {
        return rssBytes.clone();
    }

    /** Bytes requested by all allocations. */
    public long requestedBytes() {
        return requested;
    }

    /** Usable bytes the allocator gave for all allocations (malloc_usable_size), or -1 if not measured. */
    public long usableBytes() {
        return usableMeasured ? usable : -1;
    }

    /** Most requested bytes live at once. */
    public long peakLiveRequested() {
        return peakLiveRequested;
    }

    /** Most usable bytes live at once, or -1 if not measured. */
    public long peakLiveUsable() {
        return usableMeasured ? peakLiveUsable : -1;
    }

    /** Most blocks live at once. */
    public long peakLiveBlocks() {
        return peakLiveBlocks;
    }

    /** Blocks still live after the last event. */
    public long liveBlocksAtEnd() {
        return liveBlocksAtEnd;
    }

    /** Internal fragmentation: usable bytes over requested bytes, minus one, over all allocations; NaN if not measured. */
    public double usableOverhead() {
        return usableMeasured && requested > 0 ? (double) usable / requested - 1 : Double.NaN;
    }

    /** The allocator's own statistics before the first event (empty if it offers none). */
    public Map<String, Long> statisticsBefore() {
        return Collections.unmodifiableMap(statsBefore);
    }

    /** The allocator's own statistics after the last event, before the blocks still live were freed. */
    public Map<String, Long> statisticsAfter() {
        return Collections.unmodifiableMap(statsAfter);
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

    /** The percentiles {@link #latencies} reports; the last column is the maximum. */
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_COLUMNS = {"p50_ns", "p90_ns", "p99_ns", "p99_9_ns", "max_ns"};

    /** Sampled latency percentiles, one row per kind of call that occurred. */
    public Table latencies() {
        Table t = Table.create("latencies of " + allocator + " (ns, sampled 1 in " + sampleEvery + ")",
                StringColumn.create("op"), LongColumn.create("calls"), LongColumn.create("sampled"),
                DoubleColumn.create("mean_ns"), LongColumn.create("p50_ns"), LongColumn.create("p90_ns"),
                LongColumn.create("p99_ns"), LongColumn.create("p99_9_ns"), LongColumn.create("max_ns"));
        for (Op op : Op.values()) {
            if (opCount[op.ordinal()] == 0) {
                continue;
            }
            Histogram h = latency[op.ordinal()];
            boolean any = h.getTotalCount() > 0;
            t.stringColumn("op").append(op.name().toLowerCase(Locale.ROOT));
            t.longColumn("calls").append(opCount[op.ordinal()]);
            t.longColumn("sampled").append(h.getTotalCount());
            t.doubleColumn("mean_ns").append(any ? h.getMean() : Double.NaN);
            for (int i = 0; i < PERCENTILE_COLUMNS.length; i++) {
                LongColumn c = t.longColumn(PERCENTILE_COLUMNS[i]);
                if (any) {
                    c.append(i < PERCENTILES.length ? h.getValueAtPercentile(PERCENTILES[i]) : h.getMaxValue());
                } else {
                    c.appendMissing();
                }
            }
        }
        return t;
    }

    /** The RSS series: milliseconds since the start, events replayed, RSS bytes. */
    public Table rss() {
        return Table.create("RSS of " + allocator + " (touch " + touch + ")",
                LongColumn.create("ms", rssMillis), LongColumn.create("events", rssEvents),
                LongColumn.create("rss_bytes", rssBytes));
    }

    /** The allocator's statistics before and after the replay. */
    public Table statistics() {
        Table t = Table.create("statistics of " + allocator, StringColumn.create("statistic"),
                LongColumn.create("before"), LongColumn.create("after"), LongColumn.create("change"));
        for (Map.Entry<String, Long> e : statsAfter.entrySet()) {
            Long before = statsBefore.get(e.getKey());
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
