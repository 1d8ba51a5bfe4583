package cmt.replay;

import cmt.codec.Op;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The one-row-per-replay table of {@link ReplayResult#summary()} and {@link Comparison#table()}: the
 * numbers that tell allocators apart, with a status column for a replay that failed.
 */
final class Summary {
    private static final double MIB = 1024.0 * 1024.0;
    private final Table t;

    Summary(String title) {
        t = Table.create(title,
                StringColumn.create("allocator"), StringColumn.create("status"), StringColumn.create("touch"),
                LongColumn.create("events"), LongColumn.create("threads"), LongColumn.create("cross-thread ends"),
                DoubleColumn.create("wall (ms)"), DoubleColumn.create("ns per event"),
                DoubleColumn.create("malloc (ns)"), DoubleColumn.create("realloc (ns)"), DoubleColumn.create("free (ns)"),
                DoubleColumn.create("rss before (MiB)"), DoubleColumn.create("rss peak (MiB)"),
                DoubleColumn.create("live peak (MiB)"), DoubleColumn.create("usable peak (MiB)"),
                DoubleColumn.create("usable overhead (%)"));
    }

    /** A row for a replay that finished. */
    void add(ReplayResult r) {
        t.stringColumn("allocator").append(r.allocator());
        t.stringColumn("status").append("ok");
        t.stringColumn("touch").append(r.touch().toString());
        t.longColumn("events").append(r.events());
        t.longColumn("threads").append(r.threads().used());
        t.longColumn("cross-thread ends").append(r.threads().crossing());
        number("wall (ms)", r.timing().wallNanos() / 1e6);
        number("ns per event", r.nanosPerEvent());
        number("malloc (ns)", r.latency().meanNanos(Op.MALLOC));
        number("realloc (ns)", r.latency().meanNanos(Op.REALLOC));
        number("free (ns)", r.latency().meanNanos(Op.FREE));
        number("rss before (MiB)", r.residentSet().before() / MIB);
        number("rss peak (MiB)", r.residentSet().peak() / MIB);
        Memory m = r.memory();
        number("live peak (MiB)", m.peakLiveRequested() / MIB);
        number("usable peak (MiB)", m.usableMeasured() ? m.peakLiveUsable() / MIB : Double.NaN);
        number("usable overhead (%)", m.usableOverhead() * 100);
    }

    /** A row for a replay that failed; {@code status} says how. */
    void failed(String allocator, String status) {
        t.stringColumn("allocator").append(allocator);
        t.stringColumn("status").append(status);
        for (int i = 2; i < t.columnCount(); i++) {
            t.column(i).appendMissing();
        }
    }

    private void number(String column, double v) {
        DoubleColumn c = t.doubleColumn(column);
        if (Double.isNaN(v)) {
            c.appendMissing();
        } else {
            c.append(Math.round(v * 100) / 100.0);
        }
    }

    Table table() {
        return t;
    }
}
