package cmt.replay;

import cmt.codec.Op;
import java.util.Locale;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The sampled latencies of one replay's allocator calls, and what the clock and a downcall cost on the
 * same run. Samples are raw intervals around single calls: each includes one reading of the clock
 * ({@link #timerNanos()}) and the cost of one downcall ({@link #downcallNanos()}).
 *
 * <pre>{@code
 * r.latency().of(Op.MALLOC).getValueAtPercentile(99);   // p99 of the sampled mallocs, ns
 * r.latency().meanNanos(Op.FREE);                        // NaN if no free was timed
 * }</pre>
 *
 * @param sampleEvery   one event in this many was timed; 0 if none was
 * @param timerNanos    what an empty timed interval measures on this machine (NaN if nothing was timed)
 * @param downcallNanos what an empty downcall costs on this machine (NaN if nothing was timed)
 * @param histograms    the samples of each kind of call, in nanoseconds (HdrHistograms of 3 significant
 *                      digits; the accessor hands out copies)
 */
public record Latency(int sampleEvery, double timerNanos, double downcallNanos, PerOp<Histogram> histograms) {
    /** The percentiles {@link #table} reports; the last column is the maximum. */
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_COLUMNS = {"p50 (ns)", "p90 (ns)", "p99 (ns)", "p99.9 (ns)", "max (ns)"};

    /** Refuses missing histograms. */
    public Latency {
        Objects.requireNonNull(histograms, "histograms");
    }

    /** Empty histograms, one for each kind of call, ready to record into. */
    static PerOp<Histogram> emptyHistograms() {
        return PerOp.from(op -> new Histogram(3));
    }

    /** Copies: a histogram records into itself, and these are the replay's. */
    @Override
    public PerOp<Histogram> histograms() {
        return histograms.map(Histogram::copy);
    }

    /** The sampled latencies of one kind of call, in nanoseconds (a copy). */
    public Histogram of(Op op) {
        return histograms.of(op).copy();
    }

    /** Mean sampled latency of one kind of call, or NaN if none was timed. */
    public double meanNanos(Op op) {
        Histogram h = histograms.of(op);
        return h.getTotalCount() == 0 ? Double.NaN : h.getMean();
    }

    /** Percentiles per kind of call that occurred ({@code calls} says which did). */
    Table table(String allocator, PerOp<Long> calls) {
        Table t = Table.create("latencies of " + allocator + " (ns, sampled 1 in " + sampleEvery + ")",
                StringColumn.create("op"), LongColumn.create("calls"), LongColumn.create("sampled"),
                DoubleColumn.create("mean (ns)"));
        for (String c : PERCENTILE_COLUMNS) {
            t.addColumns(LongColumn.create(c));
        }
        for (Op op : Op.values()) {
            if (calls.of(op) == 0) {
                continue;
            }
            Histogram h = histograms.of(op);
            boolean any = h.getTotalCount() > 0;
            t.stringColumn("op").append(op.name().toLowerCase(Locale.ROOT));
            t.longColumn("calls").append(calls.of(op));
            t.longColumn("sampled").append(h.getTotalCount());
            t.doubleColumn("mean (ns)").append(meanNanos(op));
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
}
