package cmt.notebooks;

import cmt.codec.Event;
import cmt.codec.TraceReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Heap measures recomputed the obvious way, to check what a notebook shows: every live block in a sorted
 * map, every page it covers counted one by one. Slow and simple on purpose; the analyses the notebooks
 * call compute the same measures in a streaming pass of their own.
 */
final class BruteForce {
    long peakLiveBytes;
    /** Index of the event after which live bytes first reached their peak. */
    long peakAt = -1;
    long peakWorkingSet;
    long pagesTouched;
    long peakExtent;

    private BruteForce() {
    }

    /** One pass over the trace with pages of {@code pageSize} bytes. */
    static BruteForce of(Supplier<TraceReader> trace, long pageSize) {
        BruteForce m = new BruteForce();
        TreeMap<Long, Long> live = new TreeMap<>();
        Map<Long, Integer> pages = new HashMap<>();
        Set<Long> touched = new HashSet<>();
        long liveBytes = 0;
        try (TraceReader r = trace.get()) {
            Event e = new Event();
            while (r.next(e)) {
                if (e.op.releases()) {
                    live.remove(e.oldAddress);
                    liveBytes -= e.oldSize;
                    for (long p = first(e.oldAddress, pageSize); e.oldSize > 0 && p <= last(e.oldAddress, e.oldSize, pageSize); p++) {
                        pages.merge(p, -1, (a, b) -> a + b == 0 ? null : a + b);
                    }
                }
                if (e.op.creates()) {
                    live.put(e.address, e.size);
                    liveBytes += e.size;
                    for (long p = first(e.address, pageSize); e.size > 0 && p <= last(e.address, e.size, pageSize); p++) {
                        pages.merge(p, 1, Integer::sum);
                        touched.add(p);
                    }
                }
                if (liveBytes > m.peakLiveBytes) {
                    m.peakLiveBytes = liveBytes;
                    m.peakAt = e.index;
                }
                m.peakWorkingSet = Math.max(m.peakWorkingSet, pages.size());
                if (!live.isEmpty()) {
                    var top = live.lastEntry();
                    m.peakExtent = Math.max(m.peakExtent, top.getKey() + top.getValue() - live.firstKey());
                }
            }
        }
        m.pagesTouched = touched.size();
        return m;
    }

    /** Bytes in gaps of 1 byte to 1 MiB - 1 between address neighbours after event {@link #peakAt}. */
    long holesAtPeak(Supplier<TraceReader> trace) {
        TreeMap<Long, Long> live = new TreeMap<>();
        try (TraceReader r = trace.get()) {
            Event e = new Event();
            while (r.next(e) && e.index <= peakAt) {
                if (e.op.releases()) {
                    live.remove(e.oldAddress);
                }
                if (e.op.creates()) {
                    live.put(e.address, e.size);
                }
            }
        }
        long holes = 0;
        long end = -1;
        for (Map.Entry<Long, Long> b : live.entrySet()) {
            long gap = end < 0 ? 0 : b.getKey() - end;
            if (gap > 0 && gap < 1 << 20) {
                holes += gap;
            }
            end = b.getKey() + b.getValue();
        }
        return holes;
    }

    private static long first(long address, long pageSize) {
        return address / pageSize;
    }

    private static long last(long address, long size, long pageSize) {
        return (address + size - 1) / pageSize;
    }
}
