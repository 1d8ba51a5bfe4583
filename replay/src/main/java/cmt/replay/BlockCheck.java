package cmt.replay;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The check that an allocator hands out only memory that no live block holds: every block it returns,
 * taken at its requested size (at least one byte), must lie outside every block still live. An
 * allocator that returns a live pointer again, or a block overlapping one, would otherwise pass
 * unnoticed, and the re-emitted trace would be one that cmt's own reader rejects.
 *
 * <p>Small blocks (up to 64 KiB, nearly every block of a real program) are a bitmap of the 8-byte words
 * they touch, in a hash table of 64-bit masks (one per 512 bytes of address space): a new small block
 * that touches no marked word overlaps no small block, so a check is a lookup or two: no ordered tree to
 * walk (one, with 10^5 live blocks, cost 300 ns per event in cache misses). While every block starts at
 * a multiple of 8 (as C's alignment makes every real allocator do), two blocks touch a common word only
 * if they share a byte, so a marked word is an overlap. The first block that starts elsewhere makes
 * the check exact the slower way: from then on the small blocks are also kept by start and by end,
 * and a marked word counts only if a block that starts or ends in it, or holds it whole, shares a byte
 * with the new one (two blocks of 3 bytes may share a word and no byte).
 *
 * <p>Larger blocks are intervals in an ordered map, so that a 256 MiB block costs one entry, not half a
 * million masks. Two coarse maps join the kinds: a bit for each 4 KiB page a large block touches, which
 * a small block looks up before it asks the ordered map, and for each 64 KiB region the number of masks
 * small blocks have set in it, which a large block walks (or walks the counts themselves, if fewer) to
 * find the small blocks it might cover; both change only when a page or a mask does. Blocks of more than
 * 4 GiB are not marked page by page: while one is live every small block asks the ordered map.
 *
 * <p>It runs after each batch, outside the loop time and the sampled latencies; memory follows the live
 * blocks, not their bytes.
 */
final class BlockCheck {
    private static final int WORD_SHIFT = 3;
    /** A mask covers 64 words or 64 regions: key = word (or region) >>> 6. */
    private static final int MASK_SHIFT = 6;
    /** Blocks up to this size are marked word by word. */
    private static final long SMALL = 1 << 16;
    private static final int REGION_SHIFT = 16;
    private static final int PAGE_SHIFT = 12;
    /** Larger blocks are not marked in the pages they touch. */
    private static final long HUGE = 1L << 32;

    /** Small blocks: word >>> 6 -> one bit per word that a live small block touches. */
    private final Long2LongOpenHashMap words = new Long2LongOpenHashMap(1 << 12);
    /** Small blocks: region -> how many of its masks in {@link #words} are not zero. */
    private final Long2IntOpenHashMap smallRegions = new Long2IntOpenHashMap(1 << 8);
    /** Large blocks by start (flipped in its sign bit, so that the map's order is the unsigned one) -> slot. */
    private final TreeMap<Long, Integer> large = new TreeMap<>();
    /** Large blocks: page >>> 6 -> one bit per 4 KiB page that a live large block touches (or did: a hint). */
    private final Long2LongOpenHashMap largePages = new Long2LongOpenHashMap(1 << 4);
    private int huge;
    /** By slot (the replay's block number): the live block's pointer and end (exclusive; 0 is 2^64). */
    private long[] start = new long[1024];
    private long[] end = new long[1024];
    private boolean[] live = new boolean[1024];
    /** Once a block started at an address not a multiple of 8: the live small blocks by start and by end. */
    private Long2LongOpenHashMap byStart;
    private Long2LongOpenHashMap byEnd;
    /** Set once a fault was found: the heap is then not to be trusted, not even to free it. */
    private boolean faulty;

    /**
     * Checks the first {@code done} events of a replayed batch in order.
     *
     * @throws ReplayException naming the event, the pointer and the live block it hits, at the first
     *         block returned that is not outside every live one
     */
    void verify(String allocator, Ops o, int done) {
        for (int i = 0; i < done; i++) {
            byte k = o.op[i];
            int s = o.slot[i];
            if (k >= Ops.REALLOC) {
                release(s);
            }
            if (k == Ops.FREE) {
                continue;
            }
            long p = o.address[i];
            long e = p + Math.max(1, o.size[i]);
            if (e != 0 && Long.compareUnsigned(e, p) <= 0) {
                throw fault(allocator, o, i, "where a block of that size would end past 2^64");
            }
            boolean small = small(p, e);
            if ((p & 7) != 0 && byStart == null) {
                exact();
            }
            int hit = small ? overlapSmall(p, e) : overlapSmallIn(p, e);
            if (hit < 0 && !large.isEmpty() && (!small || huge > 0 || largeNear(p, e))) {
                hit = overlapLarge(p, e);
            }
            if (hit >= 0) {
                throw fault(allocator, o, i, (start[hit] == p ? "which is the live block " : "which overlaps the live block ")
                        + "0x" + Long.toHexString(start[hit]) + " (" + cmt.dsl.Numbers.formatUnsigned(end[hit] - start[hit])
                        + " bytes)");
            }
            take(s, p, e);
        }
    }

    /** True once {@link #verify} found a fault. */
    boolean faulty() {
        return faulty;
    }

    private static boolean small(long p, long e) {
        return Long.compareUnsigned(e - p, SMALL) <= 0;
    }

    private void take(int s, long p, long e) {
        if (s >= live.length) {
            int n = Math.max(s + 1, live.length * 2);
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            live = Arrays.copyOf(live, n);
        }
        start[s] = p;
        end[s] = e;
        live[s] = true;
        if (!small(p, e)) {
            large.put(p ^ Long.MIN_VALUE, s);
            if (Long.compareUnsigned(e - p, HUGE) > 0) {
                huge++;
            } else {
                markPages(p >>> PAGE_SHIFT, (e - 1) >>> PAGE_SHIFT, true);
            }
            return;
        }
        if (byStart != null) {
            byStart.put(p, s);
            byEnd.put(e, s);
        }
        mark(p, e, true);
    }

    private void release(int s) {
        long p = start[s];
        long e = end[s];
        live[s] = false;
        if (!small(p, e)) {
            large.remove(p ^ Long.MIN_VALUE);
            if (Long.compareUnsigned(e - p, HUGE) > 0) {
                huge--;
                return;
            }
            long first = p >>> PAGE_SHIFT;
            long last = (e - 1) >>> PAGE_SHIFT;
            markPages(first, last, false);
            // Live large blocks do not overlap: only the end pages may be another's too.
            for (long g : new long[] {first, last}) {
                if (overlapLarge(g << PAGE_SHIFT, (g + 1) << PAGE_SHIFT) >= 0) {
                    markPages(g, g, true);
                }
            }
            return;
        }
        long first = p >>> WORD_SHIFT;
        long last = (e - 1) >>> WORD_SHIFT;
        if (byStart != null) {
            byStart.remove(p);
            byEnd.remove(e);
            // A block still live may share the first word (ending in it before p) or the last (starting
            // in it after e): those words stay marked.
            for (long a = first << WORD_SHIFT; a != p; a++) {
                if (byEnd.containsKey(a + 1)) {
                    first++;
                    break;
                }
            }
            for (long a = e, stop = last + 1 << WORD_SHIFT; e != 0 && a != stop && first <= last; a++) {
                if (byStart.containsKey(a)) {
                    last--;
                    break;
                }
            }
        }
        if (first <= last) {
            mark(first << WORD_SHIFT, (last + 1) << WORD_SHIFT, false);
        }
    }

    /** From now on, keep the live small blocks by start and end too (a block started off a multiple of 8). */
    private void exact() {
        byStart = new Long2LongOpenHashMap(1 << 12);
        byEnd = new Long2LongOpenHashMap(1 << 12);
        byStart.defaultReturnValue(-1);
        byEnd.defaultReturnValue(-1);
        for (int s = 0; s < live.length; s++) {
            if (live[s] && small(start[s], end[s])) {
                byStart.put(start[s], s);
                byEnd.put(end[s], s);
            }
        }
    }

    /** Sets or clears the bits of the words that [p, e) touches; word numbers are below 2^61. */
    private void mark(long p, long e, boolean set) {
        set(words, p >>> WORD_SHIFT, ((e - 1) >>> WORD_SHIFT) + 1, set, smallRegions);
    }

    /** Sets or clears the bits of pages first to last. */
    private void markPages(long first, long last, boolean set) {
        set(largePages, first, last + 1, set, null);
    }

    /**
     * Sets or clears bits from {@code w} to {@code stop} (exclusive) in a bitmap of 64-bit masks; counts
     * the masks that become, or stop being, zero in {@code regions}, if given.
     */
    private static void set(Long2LongOpenHashMap bitmap, long w, long stop, boolean set, Long2IntOpenHashMap regions) {
        while (w != stop) {
            long key = w >>> MASK_SHIFT;
            int lo = (int) (w & 63);
            int hi = (int) Math.min(64, lo + stop - w);
            long mask = (hi == 64 ? -1L : (1L << hi) - 1) & -1L << lo;
            long was = bitmap.get(key);
            long bits = set ? was | mask : was & ~mask;
            if (bits == 0) {
                bitmap.remove(key);
            } else {
                bitmap.put(key, bits);
            }
            if (regions != null && (was == 0) != (bits == 0)) {
                long r = key >>> (REGION_SHIFT - WORD_SHIFT - MASK_SHIFT);
                int by = bits == 0 ? -1 : 1;
                if (regions.addTo(r, by) + by == 0) {
                    regions.remove(r);
                }
            }
            w += hi - lo;
        }
    }

    /** True if a live large block may touch the (one or two) pages the small block [p, e) touches. */
    private boolean largeNear(long p, long e) {
        for (long g = p >>> PAGE_SHIFT, last = (e - 1) >>> PAGE_SHIFT; ; g++) {
            if ((largePages.get(g >>> MASK_SHIFT) & 1L << g) != 0) {
                return true;
            }
            if (g == last) {
                return false;
            }
        }
    }

    /** The slot of a live large block that shares a byte with [p, e), or -1. */
    private int overlapLarge(long p, long e) {
        Map.Entry<Long, Integer> below = large.floorEntry(p ^ Long.MIN_VALUE);
        if (below != null && shares(below.getValue(), p, e)) {
            return below.getValue();
        }
        Map.Entry<Long, Integer> above = large.higherEntry(p ^ Long.MIN_VALUE);
        return above != null && shares(above.getValue(), p, e) ? above.getValue() : -1;
    }

    /** The slot of a live small block that shares a byte with the large block [p, e), or -1. */
    private int overlapSmallIn(long p, long e) {
        long first = p >>> REGION_SHIFT;
        long last = (e - 1) >>> REGION_SHIFT;
        if (Long.compareUnsigned(last - first, smallRegions.size()) < 0) {
            for (long r = first; ; r++) {
                int s = smallRegions.get(r) == 0 ? -1 : overlapSmallInRegion(r, p, e);
                if (s >= 0 || r == last) {
                    return s;
                }
            }
        }
        for (long r : smallRegions.keySet()) {
            if (Long.compareUnsigned(r - first, last - first) <= 0) {
                int s = overlapSmallInRegion(r, p, e);
                if (s >= 0) {
                    return s;
                }
            }
        }
        return -1;
    }

    /** {@link #overlapSmall} for the part of [p, e) in region {@code r}. */
    private int overlapSmallInRegion(long r, long p, long e) {
        long from = r << REGION_SHIFT;
        long to = (r + 1) << REGION_SHIFT;
        return overlapSmall(Long.compareUnsigned(p, from) > 0 ? p : from,
                to == 0 || e != 0 && Long.compareUnsigned(e, to) < 0 ? e : to);
    }

    /** The slot of a live small block that shares a byte with [p, e), or -1. */
    private int overlapSmall(long p, long e) {
        long w = p >>> WORD_SHIFT;
        long stop = ((e - 1) >>> WORD_SHIFT) + 1;
        while (w != stop) {
            int lo = (int) (w & 63);
            int hi = (int) Math.min(64, lo + stop - w);
            long mask = (hi == 64 ? -1L : (1L << hi) - 1) & -1L << lo;
            long bits = words.get(w >>> MASK_SHIFT) & mask;
            while (bits != 0) {
                long word = (w & ~63L) + Long.numberOfTrailingZeros(bits);
                int s = owner(word << WORD_SHIFT, p, e);
                if (s >= 0) {
                    return s;
                }
                bits &= bits - 1;
            }
            w += hi - lo;
        }
        return -1;
    }

    /**
     * The live small block touching the marked word at {@code a} that shares a byte with [p, e), or -1
     * (in exact mode, blocks may share a word and no byte).
     */
    private int owner(long a, long p, long e) {
        if (byStart == null) {
            return search(a);
        }
        // Blocks that start in the word, or end in it (their end past its first byte, up to its last).
        boolean edge = false;
        for (long b = a; b != a + 8; b++) {
            for (int s : new int[] {(int) byStart.get(b), (int) byEnd.get(b + 1)}) {
                if (s >= 0) {
                    edge = true;
                    if (shares(s, p, e)) {
                        return s;
                    }
                }
            }
        }
        return edge ? -1 : search(a);
    }

    private boolean shares(int s, long p, long e) {
        return (end[s] == 0 || Long.compareUnsigned(p, end[s]) < 0) && (e == 0 || Long.compareUnsigned(start[s], e) < 0);
    }

    /** The live small block holding the byte at {@code a} or the word after it: a scan, on the way to a fault. */
    private int search(long a) {
        for (int s = 0; s < live.length; s++) {
            if (live[s] && small(start[s], end[s]) && shares(s, a, a + 8)) {
                return s;
            }
        }
        return -1;
    }

    private ReplayException fault(String allocator, Ops o, int i, String why) {
        faulty = true;
        return new ReplayException(allocator + ": allocator fault at event " + (o.base + i) + ": "
                + ReplayException.describe(o.op[i], o.size[i]) + " returned 0x" + Long.toHexString(o.address[i])
                + ", " + why, null, o.base + i);
    }
}
