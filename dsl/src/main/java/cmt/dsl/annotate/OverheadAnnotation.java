package cmt.dsl.annotate;

import cmt.codec.AsciiSink;
import cmt.codec.Event;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongBidirectionalIterator;
import it.unimi.dsi.fastutil.longs.LongRBTreeSet;

/**
 * The original {@code overhead.py}: the layout around every block and the change in the working set.
 *
 * <pre>
 * malloc(20) = 81d2899a0&lt;8&gt;    # prev 81d289980, gap 0, next 81d28ba20, gap 8300, pages [8508041, 8508041], 0 more pages
 * free(81d2899a0&lt;8&gt;)           # 20 bytes, allocated 2 lines ago, prev 81d289980, gap 0, next 81d28ba20, gap 8300, pages [8508041-8508041], 0 fewer pages
 * </pre>
 *
 * With 4096-byte pages and page(a) = a &gt;&gt; 12: prev/next are the nearest live blocks below/above by
 * address ({@code 0} with gap {@code -1} when there is none); gap = ptr - (prev + prevsize), next gap =
 * next - (ptr + size); the block covers pages [F, L] = [page(ptr), page(ptr + size - 1)];
 * K = L - F + 1, minus 1 if prev's last page is F, then minus 1 if K is still positive and next's first
 * page is L. A malloc note ends with a space (as the original's); a realloc prints the free note of the
 * old block and applies the new block silently. Sizes are the requested sizes.
 *
 * <p>Live block addresses sit in a red-black tree with the sign bit flipped, so that primitive signed
 * order is unsigned address order; an iterator opened at a block's key finds both neighbours in one
 * O(log n) descent each. Sizes sit beside them in a hash map.
 */
public final class OverheadAnnotation extends Annotation {
    private static final int PAGE_SHIFT = 12;

    private final LongRBTreeSet order = new LongRBTreeSet();
    private final Long2LongOpenHashMap sizes = new Long2LongOpenHashMap(1 << 12);

    public OverheadAnnotation(AsciiSink out) {
        super(out);
    }

    @Override
    protected void apply(Event e, boolean print) {
        if (e.op.releases()) {
            if (print) {
                note().udec(e.oldSize).text(" bytes, allocated ").dec(lineOf(e) - oldLineOf(e)).text(" lines ago, ");
                layout(e.oldAddress, e.oldSize, false);
            }
            order.remove(key(e.oldAddress));
            sizes.remove(e.oldAddress);
        }
        if (e.op.creates()) {
            order.add(key(e.address));
            sizes.put(e.address, e.size);
            if (print && e.op.allocates()) {
                note();
                layout(e.address, e.size, true);
            }
        }
    }

    /** Appends the prev/next/pages part of a note for the live block [ptr, ptr + size). */
    private void layout(long ptr, long size, boolean more) {
        long k = key(ptr);
        long first = ptr >>> PAGE_SHIFT;
        long last = (ptr + size - 1) >>> PAGE_SHIFT;
        long pages = last - first + 1;
        LongBidirectionalIterator it = order.iterator(k);
        it.previousLong(); // the block itself: it is live while its note is made
        if (!it.hasPrevious()) {
            out.text("prev 0, gap -1, ");
        } else {
            long prev = unkey(it.previousLong());
            long prevSize = sizes.get(prev);
            out.text("prev ").hex(prev).text(", gap ").dec(ptr - (prev + prevSize)).text(", ");
            if ((prev + prevSize - 1) >>> PAGE_SHIFT == first) {
                pages--;
            }
        }
        LongBidirectionalIterator after = order.iterator(k);
        if (!after.hasNext()) {
            out.text("next 0, gap -1, ");
        } else {
            long next = unkey(after.nextLong());
            out.text("next ").hex(next).text(", gap ").dec(next - (ptr + size)).text(", ");
            if (pages > 0 && next >>> PAGE_SHIFT == last) {
                pages--;
            }
        }
        if (more) {
            out.text("pages [").dec(first).text(", ").dec(last).text("], ").dec(pages).text(" more pages ");
        } else {
            out.text("pages [").dec(first).text("-").dec(last).text("], ").dec(pages).text(" fewer pages");
        }
    }

    private static long key(long address) {
        return address ^ Long.MIN_VALUE;
    }

    private static long unkey(long key) {
        return key ^ Long.MIN_VALUE;
    }
}
