package cmt.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two traces of one program compared call site by call site, as heaptrack's {@code -d} compares two
 * recordings: sites are matched by their stacks as text ({@link By}), not by the recorders' ids, which
 * differ from run to run; a site in only one trace counts zero in the other.
 *
 * <pre>{@code
 * Trace.diff(Trace.open("before.trace"), Trace.open("after.trace")).sites(By.FUNCTION);
 * }</pre>
 */
public final class Diff {
    private final Trace before;
    private final Trace after;

    Diff(Trace before, Trace after) {
        this.before = before;
        this.after = after;
    }

    /** {@link #sites(By)} by whole stacks. */
    public Table sites() {
        return sites(By.SITE);
    }

    /**
     * The {@code site changes} table, one row per key of {@code by} in either trace: the key, {@code blocks}
     * before, after and their change, the change in {@code allocated (bytes)} and in {@code live at peak
     * (bytes)}, the group's {@code own peak (bytes)} before, after and change, the change in {@code live at
     * end (bytes)} (leaks), and {@code lifetime p50 (events)} before and after. Sorted by the size of the
     * change in own peak, then in bytes allocated, largest first.
     */
    public Table sites(By by) {
        Map<String, long[]> a = rows(before.sites(by), by);
        Map<String, long[]> b = rows(after.sites(by), by);
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                keys.add(k);
            }
        }
        long[] none = {0, 0, 0, 0, 0, Long.MIN_VALUE};
        keys.sort((x, y) -> {
            long[] ax = a.getOrDefault(x, none);
            long[] bx = b.getOrDefault(x, none);
            long[] ay = a.getOrDefault(y, none);
            long[] by2 = b.getOrDefault(y, none);
            int c = Long.compare(Math.abs(by2[OWN_PEAK] - ay[OWN_PEAK]), Math.abs(bx[OWN_PEAK] - ax[OWN_PEAK]));
            if (c == 0) {
                c = Long.compare(Math.abs(by2[ALLOCATED] - ay[ALLOCATED]), Math.abs(bx[ALLOCATED] - ax[ALLOCATED]));
            }
            return c != 0 ? c : x.compareTo(y);
        });
        StringColumn key = StringColumn.create(by.bySite() ? "stack" : by.toString());
        LongColumn blocksA = LongColumn.create("blocks before");
        LongColumn blocksB = LongColumn.create("blocks after");
        LongColumn blocksD = LongColumn.create("blocks change");
        LongColumn allocD = LongColumn.create("allocated change (bytes)");
        LongColumn peakD = LongColumn.create("live at peak change (bytes)");
        LongColumn ownA = LongColumn.create("own peak before (bytes)");
        LongColumn ownB = LongColumn.create("own peak after (bytes)");
        LongColumn ownD = LongColumn.create("own peak change (bytes)");
        LongColumn endD = LongColumn.create("live at end change (bytes)");
        LongColumn p50A = LongColumn.create("lifetime p50 before (events)");
        LongColumn p50B = LongColumn.create("lifetime p50 after (events)");
        for (String k : keys) {
            long[] x = a.getOrDefault(k, none);
            long[] y = b.getOrDefault(k, none);
            key.append(k);
            blocksA.append(x[BLOCKS]);
            blocksB.append(y[BLOCKS]);
            blocksD.append(y[BLOCKS] - x[BLOCKS]);
            allocD.append(y[ALLOCATED] - x[ALLOCATED]);
            peakD.append(y[AT_PEAK] - x[AT_PEAK]);
            ownA.append(x[OWN_PEAK]);
            ownB.append(y[OWN_PEAK]);
            ownD.append(y[OWN_PEAK] - x[OWN_PEAK]);
            endD.append(y[AT_END] - x[AT_END]);
            appendOrMissing(p50A, x[P50]);
            appendOrMissing(p50B, y[P50]);
        }
        return Table.create("site changes from " + before.name() + " to " + after.name(), key, blocksA, blocksB,
                blocksD, allocD, peakD, ownA, ownB, ownD, endD, p50A, p50B);
    }

    private static final int BLOCKS = 0;
    private static final int ALLOCATED = 1;
    private static final int AT_PEAK = 2;
    private static final int OWN_PEAK = 3;
    private static final int AT_END = 4;
    private static final int P50 = 5;

    /** Key to {blocks, allocated, live at peak, own peak, live at end, lifetime p50 or MIN_VALUE}. */
    private static Map<String, long[]> rows(Table sites, By by) {
        String keyColumn = by.bySite() ? "stack" : by.toString();
        Map<String, long[]> m = new LinkedHashMap<>();
        NumericColumn<?> p50 = sites.numberColumn("lifetime p50 (events)");
        for (int r = 0; r < sites.rowCount(); r++) {
            long[] v = m.computeIfAbsent(sites.stringColumn(keyColumn).get(r),
                    k -> new long[] {0, 0, 0, 0, 0, Long.MIN_VALUE});
            v[BLOCKS] += sites.longColumn("blocks").getLong(r);
            v[ALLOCATED] += sites.longColumn("allocated (bytes)").getLong(r);
            v[AT_PEAK] += sites.longColumn("live at peak (bytes)").getLong(r);
            v[OWN_PEAK] += sites.longColumn("own peak (bytes)").getLong(r);
            v[AT_END] += sites.longColumn("live at end (bytes)").getLong(r);
            if (v[P50] == Long.MIN_VALUE && !p50.isMissing(r)) {
                v[P50] = (long) p50.getDouble(r);
            }
        }
        return m;
    }

    private static void appendOrMissing(LongColumn c, long v) {
        if (v == Long.MIN_VALUE) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }
}
