package cmt.dsl;

import cmt.codec.Event;
import cmt.codec.Sites;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.Arrays;
import org.HdrHistogram.IntCountsHistogram;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which code made the heap: per call-site group ({@link SiteGroups}) the blocks and bytes allocated, the
 * bytes live at the view's global peak (DHAT's t-gmax) and at its end, the group's own peak, lifetimes
 * and sizes; one streaming pass.
 *
 * <p>The bytes live at the global peak are exact in O(1) per event, without copying every group's live
 * bytes at each new peak: a group's live bytes cannot change without an event of its own, so a group
 * records its value at the latest peak lazily, just before its first change after that peak ({@code seen}
 * tells whether it has already). The peak is the one {@link Trace#stats()} reports (first reached), so the
 * column sums to the {@code peak live bytes} of {@code stats}.
 *
 * <p>Memory: a few longs per group, a histogram per group with two or more ended blocks, and one hash
 * entry per live block (its group, and its creation time when the trace has timestamps). Lifetime
 * percentiles come from HdrHistogram at one significant digit (exact below 32, otherwise at most 1/16
 * below the value), a bound chosen so that 10^5 groups fit in a small heap; the minimum and maximum
 * are exact.
 */
final class SiteCensus implements Probe {
    /** A block that dies within this many events is short-lived. */
    static final long SHORT = 1000;
    private static final int PRECISION = 1;

    private final SiteGroups groups;
    private final Long2IntOpenHashMap groupOf = new Long2IntOpenHashMap();
    private Long2LongOpenHashMap bornAt;
    private int capacity = 64;
    private long[] blocks = new long[capacity];
    private long[] bytes = new long[capacity];
    private long[] liveBlocks = new long[capacity];
    private long[] liveBytes = new long[capacity];
    private long[] ownPeak = new long[capacity];
    private long[] atPeakBytes = new long[capacity];
    private long[] atPeakBlocks = new long[capacity];
    private long[] seen = new long[capacity];
    private long[] ended = new long[capacity];
    private long[] shortLived = new long[capacity];
    private long[] minSize = new long[capacity];
    private long[] maxSize = new long[capacity];
    private long[] firstLifetime = new long[capacity];
    private long[] firstNs = new long[capacity];
    private long[] timed = new long[capacity];
    private IntCountsHistogram[] lifetimes = new IntCountsHistogram[capacity];
    private IntCountsHistogram[] nanos = new IntCountsHistogram[capacity];
    private long live;
    private long peak;
    private boolean peaked;
    private long epoch;
    private boolean finished;

    SiteCensus(SiteGroups groups) {
        this.groups = groups;
        groupOf.defaultReturnValue(-1);
        Arrays.fill(seen, -1);
        Arrays.fill(minSize, -1);
    }

    @Override
    public void before(Event e) {
        change(e, false);
    }

    @Override
    public void accept(Event e) {
        change(e, true);
        if (Long.compareUnsigned(live, peak) > 0 || !peaked) {
            peak = live;
            peaked = true;
            epoch++;
        }
    }

    private void change(Event e, boolean inView) {
        if (e.op.releases()) {
            int entry = groupOf.remove(e.oldTag);
            if (entry >= 0) {
                int g = entry >>> 1;
                capture(g);
                liveBlocks[g]--;
                liveBytes[g] -= e.oldSize;
                live -= e.oldSize;
                long born = bornAt == null ? Event.NONE : bornAt.remove(e.oldTag);
                if (inView) {
                    ended(g, e.index - e.oldIndex, (entry & 1) != 0, born == Event.NONE || e.timestamp == Event.NONE ? -1
                            : Math.max(0, e.timestamp - born));
                }
            }
        }
        if (e.op.creates()) {
            int g = groups.of(e.site);
            if (g >= capacity) {
                grow(g);
            }
            capture(g);
            // The low bit: created in the view, so that its early death counts toward the group's blocks.
            groupOf.put(e.tag, g << 1 | (inView ? 1 : 0));
            liveBlocks[g]++;
            liveBytes[g] += e.size;
            live += e.size;
            if (e.timestamp != Event.NONE) {
                if (bornAt == null) {
                    bornAt = new Long2LongOpenHashMap();
                    bornAt.defaultReturnValue(Event.NONE);
                }
                bornAt.put(e.tag, e.timestamp);
            }
            if (inView) {
                blocks[g]++;
                bytes[g] += e.size;
                if (minSize[g] == -1 || Long.compareUnsigned(e.size, minSize[g]) < 0) {
                    minSize[g] = e.size;
                }
                if (Long.compareUnsigned(e.size, maxSize[g]) > 0) {
                    maxSize[g] = e.size;
                }
                if (Long.compareUnsigned(liveBytes[g], ownPeak[g]) > 0) {
                    ownPeak[g] = liveBytes[g];
                }
            }
        }
    }

    /** Keeps group g's live counts as they were at the latest global peak, before they first change after it. */
    private void capture(int g) {
        if (seen[g] != epoch) {
            seen[g] = epoch;
            atPeakBytes[g] = liveBytes[g];
            atPeakBlocks[g] = liveBlocks[g];
        }
    }

    private void ended(int g, long lifetime, boolean bornInView, long ns) {
        if (lifetime < SHORT && bornInView) {
            shortLived[g]++;
        }
        if (ended[g]++ == 0) {
            firstLifetime[g] = lifetime;
        } else {
            lifetimes[g] = add(lifetimes[g], firstLifetime[g], lifetime);
        }
        if (ns >= 0) {
            if (timed[g]++ == 0) {
                firstNs[g] = ns;
            } else {
                nanos[g] = add(nanos[g], firstNs[g], ns);
            }
        }
    }

    /**
     * {@code value} added to a group's distribution: a group's first value is kept alone ({@code first}),
     * and its histogram made with the second, so that the many groups of one block cost no histogram.
     */
    private static IntCountsHistogram add(IntCountsHistogram h, long first, long value) {
        if (h == null) {
            h = new IntCountsHistogram(PRECISION);
            h.recordValue(first);
        }
        h.recordValue(value);
        return h;
    }

    private void grow(int g) {
        int n = Math.max(capacity * 2, g + 1);
        blocks = Arrays.copyOf(blocks, n);
        bytes = Arrays.copyOf(bytes, n);
        liveBlocks = Arrays.copyOf(liveBlocks, n);
        liveBytes = Arrays.copyOf(liveBytes, n);
        ownPeak = Arrays.copyOf(ownPeak, n);
        atPeakBytes = Arrays.copyOf(atPeakBytes, n);
        atPeakBlocks = Arrays.copyOf(atPeakBlocks, n);
        seen = Arrays.copyOf(seen, n);
        Arrays.fill(seen, capacity, n, -1);
        ended = Arrays.copyOf(ended, n);
        shortLived = Arrays.copyOf(shortLived, n);
        minSize = Arrays.copyOf(minSize, n);
        Arrays.fill(minSize, capacity, n, -1);
        maxSize = Arrays.copyOf(maxSize, n);
        firstLifetime = Arrays.copyOf(firstLifetime, n);
        firstNs = Arrays.copyOf(firstNs, n);
        timed = Arrays.copyOf(timed, n);
        lifetimes = Arrays.copyOf(lifetimes, n);
        nanos = Arrays.copyOf(nanos, n);
        capacity = n;
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        for (int g = 0; g < groups.size(); g++) {
            if (!peaked) {
                atPeakBytes[g] = atPeakBlocks[g] = 0;
            } else {
                capture(g);
            }
        }
        groupOf.clear();
        groupOf.trim();
        bornAt = null;
    }

    /** Groups with a block created or live in the view. */
    int size() {
        return groups.size();
    }

    /** The bytes live at the global peak, over every group: the view's peak live bytes. */
    long peak() {
        return peaked ? peak : 0;
    }

    /** True if any block in the view has a call site. */
    boolean anySite() {
        for (int g = 0; g < groups.size(); g++) {
            if (groups.site(g) != Event.NONE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code sites} table, one row per group, sorted by the bytes live at the global peak, then bytes
     * allocated, both descending, then by key; lifetime columns in ns only if the trace has timestamps.
     */
    Table table(Sites complete) {
        int n = groups.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        String[] keys = new String[n];
        for (int g = 0; g < n; g++) {
            keys[g] = groups.key(g, complete);
        }
        IntArrays.quickSort(order, (a, b) -> {
            int c = Long.compareUnsigned(atPeakBytes[b], atPeakBytes[a]);
            if (c == 0) {
                c = Long.compareUnsigned(bytes[b], bytes[a]);
            }
            return c != 0 ? c : keys[a].compareTo(keys[b]);
        });
        boolean bySite = groups.by().bySite();
        boolean timedAny = false;
        for (int g = 0; g < n; g++) {
            timedAny |= timed[g] > 0;
        }
        LongColumn site = LongColumn.create("site");
        StringColumn key = StringColumn.create(bySite ? "stack" : groups.by().toString());
        LongColumn cBlocks = LongColumn.create("blocks");
        LongColumn cBytes = LongColumn.create("allocated (bytes)");
        LongColumn cPeak = LongColumn.create("live at peak (bytes)");
        LongColumn cPeakBlocks = LongColumn.create("live at peak (blocks)");
        LongColumn cEnd = LongColumn.create("live at end (bytes)");
        LongColumn cEndBlocks = LongColumn.create("live at end (blocks)");
        LongColumn cOwn = LongColumn.create("own peak (bytes)");
        LongColumn p50 = LongColumn.create("lifetime p50 (events)");
        LongColumn p90 = LongColumn.create("lifetime p90 (events)");
        LongColumn n50 = LongColumn.create("lifetime p50 (ns)");
        LongColumn n90 = LongColumn.create("lifetime p90 (ns)");
        DoubleColumn cShort = DoubleColumn.create("dies within 1000 events (fraction)");
        LongColumn cMin = LongColumn.create("min size (bytes)");
        LongColumn cMax = LongColumn.create("max size (bytes)");
        for (int g : order) {
            site.append(groups.site(g));
            key.append(keys[g]);
            cBlocks.append(blocks[g]);
            cBytes.append(bytes[g]);
            cPeak.append(atPeakBytes[g]);
            cPeakBlocks.append(atPeakBlocks[g]);
            cEnd.append(liveBytes[g]);
            cEndBlocks.append(liveBlocks[g]);
            cOwn.append(ownPeak[g]);
            percentile(p50, ended[g], firstLifetime[g], lifetimes[g], 50);
            percentile(p90, ended[g], firstLifetime[g], lifetimes[g], 90);
            percentile(n50, timed[g], firstNs[g], nanos[g], 50);
            percentile(n90, timed[g], firstNs[g], nanos[g], 90);
            if (blocks[g] == 0) {
                cShort.appendMissing();
            } else {
                cShort.append((double) shortLived[g] / blocks[g]);
            }
            if (blocks[g] == 0) {
                cMin.appendMissing();
                cMax.appendMissing();
            } else {
                cMin.append(minSize[g]);
                cMax.append(maxSize[g]);
            }
        }
        Table t = Table.create(bySite ? "sites" : "sites by " + groups.by());
        if (bySite) {
            t.addColumns(site);
        }
        t.addColumns(key, cBlocks, cBytes, cPeak, cPeakBlocks, cEnd, cEndBlocks, cOwn, p50, p90);
        if (timedAny) {
            t.addColumns(n50, n90);
        }
        return t.addColumns(cShort, cMin, cMax);
    }

    private static void percentile(LongColumn c, long count, long first, IntCountsHistogram h, double p) {
        if (count == 0) {
            c.appendMissing();
        } else if (h == null) {
            c.append(first);
        } else {
            c.append(h.lowestEquivalentValue(h.getValueAtPercentile(p)));
        }
    }
}
