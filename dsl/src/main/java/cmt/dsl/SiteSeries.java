package cmt.dsl;

import cmt.codec.Event;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Live bytes over time of a few chosen call sites, each downsampled as {@link Series} does: the chart of
 * which code holds the heap when. Memory: a series per site and a hash entry per live block of those sites.
 */
final class SiteSeries implements Probe {
    private final long[] sites;
    private final String[] stacks;
    private final Series[] series;
    private final long[] live;
    private final Long2IntOpenHashMap siteIndex = new Long2IntOpenHashMap();
    private final Long2IntOpenHashMap blockSite = new Long2IntOpenHashMap();

    /** Series of {@code sites} (whose stacks read {@code stacks}) at most {@code points} points long. */
    SiteSeries(long[] sites, String[] stacks, int points) {
        this.sites = sites.clone();
        this.stacks = stacks.clone();
        this.series = new Series[sites.length];
        this.live = new long[sites.length];
        siteIndex.defaultReturnValue(-1);
        blockSite.defaultReturnValue(-1);
        for (int i = 0; i < sites.length; i++) {
            series[i] = new Series(points, "live bytes");
            siteIndex.put(sites[i], i);
        }
    }

    @Override
    public void before(Event e) {
        if (e.op.releases()) {
            int i = blockSite.remove(e.oldTag);
            if (i >= 0) {
                live[i] -= e.oldSize;
            }
        }
        if (e.op.creates() && e.site != Event.NONE) {
            int i = siteIndex.get(e.site);
            if (i >= 0) {
                blockSite.put(e.tag, i);
                live[i] += e.size;
            }
        }
    }

    @Override
    public void accept(Event e) {
        before(e);
        for (int i = 0; i < series.length; i++) {
            series[i].add(e.index, live[i], 0);
        }
    }

    /**
     * The {@code live bytes by site} table, one row per site and bucket: {@code site}, {@code stack},
     * {@code first event}, {@code last event}, {@code live bytes min}, {@code live bytes max},
     * {@code live bytes last}.
     */
    Table table() {
        Table all = null;
        for (int i = 0; i < series.length; i++) {
            Table t = series[i].table("live bytes by site");
            LongColumn site = LongColumn.create("site");
            StringColumn stack = StringColumn.create("stack");
            for (int r = 0; r < t.rowCount(); r++) {
                site.append(sites[i]);
                stack.append(stacks[i]);
            }
            t.insertColumn(0, stack);
            t.insertColumn(0, site);
            all = all == null ? t : all.append(t);
        }
        return all != null ? all : Table.create("live bytes by site", LongColumn.create("site"),
                StringColumn.create("stack"), LongColumn.create("first event"), LongColumn.create("last event"),
                LongColumn.create("live bytes min"), LongColumn.create("live bytes max"),
                LongColumn.create("live bytes last"));
    }
}
