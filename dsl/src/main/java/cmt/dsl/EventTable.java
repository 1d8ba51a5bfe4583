package cmt.dsl;

import cmt.codec.Event;
import java.util.Locale;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One row per event of the view, for looking closely at a window or a sample; a view with more than
 * {@code limit} events stops with an error instead of building a table nobody can read.
 */
final class EventTable implements Probe {
    private final long limit;
    private final String view;
    private final LongColumn index = LongColumn.create("event");
    private final StringColumn op = StringColumn.create("op");
    private final LongColumn size = LongColumn.create("size (bytes)");
    private final StringColumn address = StringColumn.create("address");
    private final LongColumn tag = LongColumn.create("tag");
    private final StringColumn oldAddress = StringColumn.create("old address");
    private final LongColumn oldTag = LongColumn.create("old tag");
    private final LongColumn oldSize = LongColumn.create("old size (bytes)");
    private final LongColumn lifetime = LongColumn.create("lifetime (events)");
    private final LongColumn thread = LongColumn.create("thread");
    private final LongColumn timestamp = LongColumn.create("timestamp (ns)");

    EventTable(long limit, String view) {
        this.limit = limit;
        this.view = view;
    }

    @Override
    public void before(Event e) {
    }

    @Override
    public void accept(Event e) {
        if (index.size() == limit) {
            throw new IllegalStateException(view + " has more than " + limit
                    + " events: narrow it with window(from, to) or sample(fraction), or raise the limit");
        }
        index.append(e.index);
        op.append(e.op.name().toLowerCase(Locale.ROOT));
        boolean creates = e.op.creates();
        boolean releases = e.op.releases();
        size.append(e.size);
        address.append(creates ? Long.toHexString(e.address) : "");
        optional(tag, creates, e.tag);
        oldAddress.append(releases ? Long.toHexString(e.oldAddress) : "");
        optional(oldTag, releases, e.oldTag);
        optional(oldSize, releases, e.oldSize);
        optional(lifetime, releases, e.index - e.oldIndex);
        optional(thread, e.thread != Event.NONE, e.thread);
        optional(timestamp, e.timestamp != Event.NONE, e.timestamp);
    }

    private static void optional(LongColumn c, boolean present, long v) {
        if (present) {
            c.append(v);
        } else {
            c.appendMissing();
        }
    }

    /**
     * The {@code events} table: {@code event}, {@code op}, {@code size (bytes)} (0 for a free),
     * {@code address} (hex), {@code tag}, {@code old address}, {@code old tag}, {@code old size (bytes)}
     * and {@code lifetime (events)} of the block a free or realloc ends, {@code thread} and
     * {@code timestamp (ns)} when the trace has them; missing values are empty.
     */
    Table table() {
        return Table.create("events", index, op, size, address, tag, oldAddress, oldTag, oldSize, lifetime,
                thread, timestamp);
    }

}
