package cmt.dsl;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongBidirectionalIterator;
import it.unimi.dsi.fastutil.longs.LongRBTreeSet;

/**
 * A set of page numbers kept as disjoint runs {@code [start, end]}: the pages a view ever touched. Runs
 * that touch merge, so memory follows the number of separate address regions, not the pages in them.
 */
final class PageRuns {
    private final LongRBTreeSet starts = new LongRBTreeSet();
    private final Long2LongOpenHashMap ends = new Long2LongOpenHashMap();
    private long pages;
    /** The run touched last; none at first. */
    private long lastStart = Long.MAX_VALUE;
    private long lastEnd = Long.MIN_VALUE + 1;

    /** Adds pages {@code first} to {@code last} (inclusive, {@code 0 <= first <= last < 2^63 - 1}). */
    void add(long first, long last) {
        // Most blocks land in or just above the run touched last (the top of a heap growing upwards):
        // those cost no tree search.
        if (first >= lastStart && first <= lastEnd + 1 && (last <= lastEnd || lastStart == starts.lastLong())) {
            if (last > lastEnd) {
                pages += last - lastEnd;
                lastEnd = last;
                ends.put(lastStart, last);
            }
            return;
        }
        long start = first;
        long end = last;
        LongBidirectionalIterator it = starts.iterator(first);
        if (it.hasPrevious()) {
            long s = it.previousLong();
            long e = ends.get(s);
            if (e >= last) {
                remember(s, e);
                return;
            }
            if (e + 1 >= first) {
                start = s;
                forget(it, s);
            }
        }
        it = starts.iterator(start);
        while (it.hasNext()) {
            long s = it.nextLong();
            if (s > end + 1) {
                break;
            }
            end = Math.max(end, ends.get(s));
            forget(it, s);
        }
        starts.add(start);
        ends.put(start, end);
        pages += end - start + 1;
        remember(start, end);
    }

    private void remember(long start, long end) {
        lastStart = start;
        lastEnd = end;
    }

    private void forget(LongBidirectionalIterator it, long start) {
        it.remove();
        pages -= ends.remove(start) - start + 1;
    }

    /** Pages in the set. */
    long pages() {
        return pages;
    }

    /** Separate runs in the set. */
    int runs() {
        return starts.size();
    }
}
