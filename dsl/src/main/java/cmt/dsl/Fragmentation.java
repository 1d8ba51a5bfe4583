package cmt.dsl;

import tech.tablesaw.api.Table;

/**
 * Fragmentation measures of a view, in the spirit of Johnstone and Wilson ("The memory fragmentation
 * problem: solved?", 1998), who compare the memory an allocator used at its peak with the live bytes at
 * theirs. A trace does not say how much memory the allocator held, so each measure takes a different
 * stand-in for it from the addresses the allocator returned; each row of the table states its
 * definition. Ratios are 1 for a perfectly packed heap and grow with fragmentation; 0 when undefined
 * (an empty view).
 *
 * <p>Worked example, 4096-byte pages: blocks of 100 bytes at 0x1000 and 0x3000 are live together. Peak
 * live bytes 200, needing 1 page; the working set is 2 pages, so page fragmentation is 2. The extent is
 * 0x3064 - 0x1000 = 8292 bytes, so extent fragmentation is 41.46. The gap 0x3000 - 0x1064 = 8092 is a
 * hole, so hole fragmentation is 8092 / (8092 + 200) = 0.976.
 */
final class Fragmentation {
    private Fragmentation() {
    }

    static Table table(Layout layout, WorkingSet pages, long pageSize) {
        long live = layout.peakLiveBytes;
        long needed = (live + pageSize - 1) / pageSize;
        long touched = layout.touchedPages();
        return Measures.doubles("fragmentation")
                .add("page size", pageSize, "bytes", "the page size of the page measures")
                .add("peak live bytes", live, "bytes", "most bytes live at once (requested sizes)")
                .add("pages needed", needed, "pages", "peak live bytes / page size, rounded up")
                .add("peak working set", pages.peak, "pages", "most pages covered by live blocks at once")
                .add("page fragmentation", ratio(pages.peak, needed), "ratio",
                        "peak working set / pages needed")
                .add("pages touched", touched, "pages", "pages covered by a live block at some moment")
                .add("touched fragmentation", ratio(touched, needed), "ratio", "pages touched / pages needed")
                .add("peak extent", layout.peakExtent, "bytes",
                        "most bytes from the lowest live block's start to the highest one's end at once")
                .add("extent fragmentation", ratio(layout.peakExtent, live), "ratio",
                        "peak extent / peak live bytes (large when the heap spans separate regions)")
                .add("holes at peak", layout.holesAtPeak, "bytes",
                        "bytes in gaps between address neighbours, gaps of 1 to " + (Layout.HOLE_LIMIT - 1)
                                + " bytes, when live bytes first peaked")
                .add("hole fragmentation", ratio(layout.holesAtPeak, layout.holesAtPeak + live), "ratio",
                        "holes at peak / (holes at peak + peak live bytes): the share of the occupied "
                                + "address range that is not live data (headers, rounding, free space)")
                .add("overlapping blocks", layout.overlaps, "blocks",
                        "new blocks overlapping a live neighbour: 0 in any sound trace")
                .table();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
