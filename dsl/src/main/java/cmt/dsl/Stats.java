package cmt.dsl;

import cmt.codec.Op;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * A trace's summary ({@link Trace#summary()}), typed: events by op, bytes allocated and freed, peaks of
 * live blocks and bytes with the event where each was first reached, what is live at the end, and
 * percentiles of block sizes (bytes) and lifetimes (events). {@link #table()} is the same as
 * {@link Trace#stats()}.
 *
 * <pre>{@code
 * Stats s = Trace.open("ls.trace").summary();
 * s.peakLiveBytes();          // most bytes live at once
 * s.lifetimePercentile(50);   // median lifetime in events
 * }</pre>
 */
public final class Stats {
    /** One line of the summary: a measure, its value and its unit ("events", "bytes", "blocks", ...). */
    public record Measure(String name, long value, String unit) {
        /** The value grouped by thousands, unsigned for bytes (see {@link Numbers}). */
        public String shown() {
            return unit.equals("bytes") ? Numbers.formatUnsigned(value) : Numbers.format(value);
        }
    }

    private final Census census;
    private final Measures measures;

    Stats(Census census, Measures measures) {
        this.census = census;
        this.measures = measures;
    }

    /** Events in the trace (or view). */
    public long events() {
        return census.events();
    }

    /** Events of one op. */
    public long count(Op op) {
        return census.count(op);
    }

    /** Distinct recorded threads (0 when the trace names none). */
    public int threads() {
        return census.threads();
    }

    /** Bytes requested by every block made (unsigned). */
    public long allocatedBytes() {
        return census.allocated();
    }

    /** Bytes of every block ended (unsigned). */
    public long freedBytes() {
        return census.freed();
    }

    public long peakLiveBlocks() {
        return census.peakBlocks;
    }

    /** The event at which {@link #peakLiveBlocks()} was first reached, or -1 in an empty trace. */
    public long peakLiveBlocksAt() {
        return census.peakBlocksAt;
    }

    public long peakLiveBytes() {
        return census.peakBytes;
    }

    /** The event at which {@link #peakLiveBytes()} was first reached, or -1 in an empty trace. */
    public long peakLiveBytesAt() {
        return census.peakBytesAt;
    }

    public long liveBlocksAtEnd() {
        return census.liveBlocks;
    }

    public long liveBytesAtEnd() {
        return census.liveBytes;
    }

    /** A percentile (0 to 100) of the requested sizes of the blocks made, in bytes. */
    public long sizePercentile(double p) {
        return census.sizes.percentile(p);
    }

    /** A percentile (0 to 100) of the lifetimes of the blocks ended, in events. */
    public long lifetimePercentile(double p) {
        return census.lifetimes.percentile(p);
    }

    /** Every measure in the order of {@link #table()}. */
    public List<Measure> measures() {
        return measures.rows().stream().map(r -> new Measure(r.measure(), r.value().longValue(), r.unit())).toList();
    }

    /** The {@code stats} table: columns {@code measure}, {@code value}, {@code unit}. */
    public Table table() {
        return measures.table();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Measure m : measures()) {
            b.append(m.name()).append(": ").append(m.shown()).append(' ').append(m.unit()).append('\n');
        }
        return b.toString();
    }
}
