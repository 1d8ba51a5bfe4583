package cmt.codec.compact.packed;

import java.util.Arrays;

/**
 * The packed coding's address predictor ({@code FORMAT.md}, section 7.3), the same in writer and reader:
 * for each size class the addresses freed most recently, newest first, and the "top", where the last chunk
 * cut from fresh memory ends. An allocator like glibc's hands a freed chunk of the same size back soon,
 * newest first, and otherwise cuts the next chunk right after the last one, so most allocations are named
 * by a single byte: which recent free they reuse, or "the top".
 */
final class FreedAddresses {
    static final int CLASSES = 1024;
    static final int DEPTH = 32;
    private static final int MASK = DEPTH - 1;

    /** DEPTH entries per class, a ring: the newest at {@code head - 1}. */
    private final long[] ring = new long[CLASSES * DEPTH];
    private final int[] head = new int[CLASSES];
    private final int[] count = new int[CLASSES];
    /** Where the last chunk cut from fresh memory ends. */
    long top;

    /** Forgets everything, as at the start of each block. */
    void clear() {
        Arrays.fill(count, 0);
        top = 0;
    }

    /** The class of a request: its chunk size in glibc's 16-byte steps, sizes of 16,361 bytes and more sharing the last. */
    static int sizeClass(long size) {
        return Long.compareUnsigned(size, 16_361) >= 0 ? CLASSES - 1 : Math.max(2, (int) (size + 23) >>> 4);
    }

    /** Bytes a chunk for {@code size} takes in glibc: size plus an 8-byte header, rounded up to 16, at least 32. */
    static long chunk(long size) {
        long c = (size + 23) & ~15L;
        return Long.compareUnsigned(c, 32) < 0 ? 32 : c;
    }

    /** Records a freed block of class {@code c}. */
    void freed(int c, long address) {
        int h = head[c];
        ring[c * DEPTH + h] = address;
        head[c] = (h + 1) & MASK;
        if (count[c] < DEPTH) {
            count[c]++;
        }
    }

    /** The position (0 = newest) of {@code address} among the recent frees of class {@code c}, or -1. */
    int find(int c, long address) {
        int base = c * DEPTH;
        int h = head[c];
        for (int k = 0, n = count[c]; k < n; k++) {
            if (ring[base + ((h - 1 - k) & MASK)] == address) {
                return k;
            }
        }
        return -1;
    }

    /** Recent frees held for class {@code c}. */
    int count(int c) {
        return count[c];
    }

    /** Removes and returns entry {@code k} (below {@link #count}) of class {@code c}; newer entries close the gap. */
    long take(int c, int k) {
        int base = c * DEPTH;
        int h = head[c];
        long a = ring[base + ((h - 1 - k) & MASK)];
        for (int j = k; j > 0; j--) {
            ring[base + ((h - 1 - j) & MASK)] = ring[base + ((h - j) & MASK)];
        }
        head[c] = (h - 1) & MASK;
        count[c]--;
        return a;
    }

    /** Records a chunk cut from fresh memory: the next is expected right after it. */
    void cut(long address, long size) {
        top = address + chunk(size);
    }
}
