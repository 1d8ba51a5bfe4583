package cmt.dsl;

import cmt.codec.Event;
import it.unimi.dsi.fastutil.longs.AbstractLong2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongRBTreeMap;
import it.unimi.dsi.fastutil.objects.ObjectBidirectionalIterator;
import it.unimi.dsi.fastutil.objects.ObjectSortedSet;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The address layout of the live blocks: each new block's gaps to its address neighbours, the gaps
 * between neighbours at the end, the address-range extent, the holes between blocks, the pages ever
 * touched, and overlaps (which a sound trace never has).
 *
 * <p>The live blocks sit in a red-black tree ordered by address, so each event costs O(log n) in the
 * number of live blocks. The gap between a block {@code p} and the next block {@code q} above it is
 * {@code q.address - (p.address + p.size)}: bytes the program did not ask for, made of the allocator's
 * headers, rounding, and free space. A hole is a positive gap smaller than {@link #HOLE_LIMIT}; larger
 * gaps separate address regions (arenas, mappings) rather than blocks of one region.
 */
final class Layout implements Probe {
    /** Gaps of this many bytes or more separate regions and are not holes: 1 MiB. */
    static final long HOLE_LIMIT = 1 << 20;
    private static final int BUCKETS = 64;

    private final int shift;
    /** Live blocks by address (sign bit flipped, so that signed order is unsigned order) to size. */
    private final Long2LongRBTreeMap order = new Long2LongRBTreeMap();
    private final ObjectSortedSet<Long2LongMap.Entry> entries = order.long2LongEntrySet();
    private final PageRuns touched = new PageRuns();
    final long[] below = new long[BUCKETS];
    final long[] above = new long[BUCKETS];
    final long[] atEnd = new long[BUCKETS];
    private boolean started;
    private long pred;
    private long predSize;
    private long succ;
    private boolean hasPred;
    private boolean hasSucc;
    private long liveBytes;
    private long holeBytes;
    long overlaps;
    long peakExtent;
    long peakLiveBytes;
    long holesAtPeak;

    Layout(long pageSize) {
        this.shift = Long.numberOfTrailingZeros(pageSize);
    }

    @Override
    public void before(Event e) {
        if (e.op.releases()) {
            remove(e.oldAddress, e.oldSize);
        }
        if (e.op.creates()) {
            insert(e.address, e.size, false);
        }
    }

    @Override
    public void accept(Event e) {
        if (!started) {
            started = true;
            for (Long2LongMap.Entry b : entries) {
                touch(b.getLongKey() ^ Long.MIN_VALUE, b.getLongValue());
            }
        }
        if (e.op.releases()) {
            remove(e.oldAddress, e.oldSize);
        }
        if (e.op.creates()) {
            insert(e.address, e.size, true);
            touch(e.address, e.size);
        }
        if (!order.isEmpty()) {
            Long2LongMap.Entry high = entries.last();
            long end = (high.getLongKey() ^ Long.MIN_VALUE) + high.getLongValue();
            peakExtent = Math.max(peakExtent, end - (order.firstLongKey() ^ Long.MIN_VALUE));
        }
        if (liveBytes > peakLiveBytes) {
            peakLiveBytes = liveBytes;
            holesAtPeak = holeBytes;
        }
    }

    @Override
    public void finish() {
        boolean first = true;
        long prevEnd = 0;
        for (Long2LongMap.Entry b : entries) {
            long a = b.getLongKey() ^ Long.MIN_VALUE;
            if (!first) {
                count(atEnd, a - prevEnd);
            }
            first = false;
            prevEnd = a + b.getLongValue();
        }
        order.clear();
    }

    private void insert(long address, long size, boolean record) {
        long key = address ^ Long.MIN_VALUE;
        neighbours(key, false);
        if (hasPred && hasSucc) {
            holeBytes -= hole(succ - (pred + predSize));
        }
        if (hasPred) {
            long g = address - (pred + predSize);
            holeBytes += hole(g);
            if (record) {
                count(below, g);
            }
        }
        if (hasSucc) {
            long g = succ - (address + size);
            holeBytes += hole(g);
            if (record) {
                count(above, g);
            }
        }
        order.put(key, size);
        liveBytes += size;
    }

    private void remove(long address, long size) {
        long key = address ^ Long.MIN_VALUE;
        neighbours(key, true);
        if (hasPred) {
            holeBytes -= hole(address - (pred + predSize));
        }
        if (hasSucc) {
            holeBytes -= hole(succ - (address + size));
        }
        if (hasPred && hasSucc) {
            holeBytes += hole(succ - (pred + predSize));
        }
        order.remove(key);
        liveBytes -= size;
    }

    /** Finds the live neighbours below and above {@code key}, skipping {@code key} itself if it is live. */
    private void neighbours(long key, boolean present) {
        ObjectBidirectionalIterator<Long2LongMap.Entry> it = entries.iterator(new AbstractLong2LongMap.BasicEntry(key, 0));
        hasSucc = it.hasNext();
        if (hasSucc) {
            succ = it.next().getLongKey() ^ Long.MIN_VALUE;
            it.previous();
        }
        if (present) {
            it.previous();
        }
        hasPred = it.hasPrevious();
        if (hasPred) {
            Long2LongMap.Entry p = it.previous();
            pred = p.getLongKey() ^ Long.MIN_VALUE;
            predSize = p.getLongValue();
        }
    }

    private static long hole(long gap) {
        return gap > 0 && gap < HOLE_LIMIT ? gap : 0;
    }

    private void count(long[] histogram, long gap) {
        if (gap < 0) {
            overlaps++;
            return;
        }
        histogram[64 - Long.numberOfLeadingZeros(gap)]++;
    }

    private void touch(long address, long size) {
        if (size != 0) {
            touched.add(address >>> shift, WorkingSet.lastByte(address, size) >>> shift);
        }
    }

    /** Pages covered by a live block at some moment of the view. */
    long touchedPages() {
        return touched.pages();
    }

    /**
     * The {@code gaps} table: for each power-of-two bucket of gap sizes ({@code from (bytes)},
     * {@code to (bytes)}; 0 is its own bucket: adjacent blocks), how many new blocks had a gap that size
     * to their neighbour {@code below} and {@code above}, and how many gaps that size lay between
     * neighbours {@code at end} of the view.
     */
    Table table() {
        LongColumn from = LongColumn.create("from (bytes)");
        LongColumn to = LongColumn.create("to (bytes)");
        LongColumn b = LongColumn.create("below");
        LongColumn a = LongColumn.create("above");
        LongColumn e = LongColumn.create("at end");
        int lo = 0;
        int hi = BUCKETS - 1;
        while (lo < BUCKETS && below[lo] + above[lo] + atEnd[lo] == 0) {
            lo++;
        }
        while (hi >= 0 && below[hi] + above[hi] + atEnd[hi] == 0) {
            hi--;
        }
        for (int k = lo; k <= hi; k++) {
            from.append(k == 0 ? 0 : 1L << (k - 1));
            to.append(k == 0 ? 0 : k == 63 ? Long.MAX_VALUE : (1L << k) - 1);
            b.append(below[k]);
            a.append(above[k]);
            e.append(atEnd[k]);
        }
        return Table.create("gaps", from, to, b, a, e);
    }
}
