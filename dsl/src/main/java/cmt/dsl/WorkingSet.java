package cmt.dsl;

import cmt.codec.Event;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * The working set: how many pages the live blocks cover, after every event. A page counts once however
 * many blocks share it; a realloc first ends the old block, then covers the new one's pages (the
 * original's printed page deltas left the new block of every realloc out).
 *
 * <p>Block {@code [a, a + size)} covers pages {@code a >> s} to {@code (a + size - 1) >> s} for page size
 * {@code 2^s}. Live blocks of a heap never overlap, so a page strictly inside a block belongs to that block
 * alone and only a block's first and last pages can be shared: those two carry a count of the live blocks
 * on them, kept in a hash map (at most two entries per live block), and the pages in between are added and
 * removed as a number. Each event costs O(1), whatever the block's size. A trace whose live blocks
 * overlap (a recorder that lost frees) breaks that premise; the layout analysis counts such overlaps.
 */
final class WorkingSet implements Probe {
    private final int shift;
    private final Long2IntOpenHashMap edges = new Long2IntOpenHashMap();
    private final Series series;
    private long pages;
    long peak;
    long peakAt = -1;

    WorkingSet(long pageSize, int points) {
        this.shift = Long.numberOfTrailingZeros(pageSize);
        this.series = new Series(points, "pages");
    }

    @Override
    public void before(Event e) {
        if (e.op.releases()) {
            remove(e.oldAddress, e.oldSize);
        }
        if (e.op.creates()) {
            add(e.address, e.size);
        }
    }

    @Override
    public void accept(Event e) {
        before(e);
        series.add(e.index, pages, 0);
        if (pages > peak || peakAt < 0) {
            peak = pages;
            peakAt = e.index;
        }
    }

    @Override
    public void finish() {
        edges.clear();
        edges.trim();
    }

    private void add(long address, long size) {
        if (size == 0) {
            return;
        }
        long f = address >>> shift;
        long l = lastByte(address, size) >>> shift;
        if (edges.addTo(f, 1) == 0) {
            pages++;
        }
        if (l != f) {
            if (edges.addTo(l, 1) == 0) {
                pages++;
            }
            pages += l - f - 1;
        }
    }

    private void remove(long address, long size) {
        if (size == 0) {
            return;
        }
        long f = address >>> shift;
        long l = lastByte(address, size) >>> shift;
        release(f);
        if (l != f) {
            release(l);
            pages -= l - f - 1;
        }
    }

    private void release(long page) {
        if (edges.addTo(page, -1) == 1) {
            edges.remove(page);
            pages--;
        }
    }

    /** The last byte of a block, kept inside the 64-bit address space. */
    static long lastByte(long address, long size) {
        long last = address + size - 1;
        return Long.compareUnsigned(last, address) < 0 ? -1L : last;
    }

    /** Pages now covered. */
    long pages() {
        return pages;
    }

    Series series() {
        return series;
    }
}
