package cmt.dsl;

import cmt.codec.Op;
import tech.tablesaw.api.Table;

/**
 * What {@link Trace#stats()} returns: the {@code stats} table (columns {@code measure}, {@code value},
 * {@code unit}; a notebook shows it as one) that also answers by name, as its {@link #asStats()} does:
 *
 * <pre>{@code
 * t.stats()                      // the table
 * t.stats().peakLiveBytes()      // one of its values, typed
 * t.stats().lifetimePercentile(50)
 * }</pre>
 */
public final class StatsTable extends Table {
    private final Stats stats;

    private StatsTable(Stats stats, Table table) {
        super(table.name(), table.columns());
        this.stats = stats;
    }

    /** The table of {@code stats}. */
    static StatsTable of(Stats stats) {
        return new StatsTable(stats, stats.table());
    }

    /**
     * The same summary as a {@link Stats}, which needs no table (what {@code cmt stats} prints); tablesaw's
     * own {@code summary()} describes the columns.
     */
    public Stats asStats() {
        return stats;
    }

    /** {@link Stats#events()}. */
    public long events() {
        return stats.events();
    }

    /** {@link Stats#count(Op)}. */
    public long count(Op op) {
        return stats.count(op);
    }

    /** {@link Stats#threads()}. */
    public int threads() {
        return stats.threads();
    }

    /** {@link Stats#allocatedBytes()}. */
    public long allocatedBytes() {
        return stats.allocatedBytes();
    }

    /** {@link Stats#freedBytes()}. */
    public long freedBytes() {
        return stats.freedBytes();
    }

    /** {@link Stats#peakLiveBlocks()}. */
    public long peakLiveBlocks() {
        return stats.peakLiveBlocks();
    }

    /** {@link Stats#peakLiveBlocksAt()}. */
    public long peakLiveBlocksAt() {
        return stats.peakLiveBlocksAt();
    }

    /** {@link Stats#peakLiveBytes()}. */
    public long peakLiveBytes() {
        return stats.peakLiveBytes();
    }

    /** {@link Stats#peakLiveBytesAt()}. */
    public long peakLiveBytesAt() {
        return stats.peakLiveBytesAt();
    }

    /** {@link Stats#liveBlocksAtEnd()}. */
    public long liveBlocksAtEnd() {
        return stats.liveBlocksAtEnd();
    }

    /** {@link Stats#liveBytesAtEnd()}. */
    public long liveBytesAtEnd() {
        return stats.liveBytesAtEnd();
    }

    /** {@link Stats#sizePercentile(double)}. */
    public long sizePercentile(double p) {
        return stats.sizePercentile(p);
    }

    /** {@link Stats#lifetimePercentile(double)}. */
    public long lifetimePercentile(double p) {
        return stats.lifetimePercentile(p);
    }
}
