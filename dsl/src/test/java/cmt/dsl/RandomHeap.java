package cmt.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Random valid traces for tests: blocks of mixed sizes (many sharing pages, some spanning dozens) placed
 * at random free addresses in two regions, so they never overlap; frees of random live blocks; reallocs
 * that grow or shrink in place when there is room, else move.
 */
final class RandomHeap {
    private static final long[] REGIONS = {0x10000L, 0x7f0000000000L};
    private static final long REGION_BYTES = 1 << 22;
    /** Small blocks crowd the first 64 KiB of a region, so that many share pages. */
    private static final long SMALL_BYTES = 1 << 16;

    private final SplittableRandom random;
    private final TreeMap<Long, Long> live = new TreeMap<>();
    private final List<Long> addresses = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private RandomHeap(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A text trace of {@code events} events drawn from {@code seed}. */
    static String trace(long seed, int events) {
        RandomHeap h = new RandomHeap(seed);
        for (int i = 0; i < events; i++) {
            h.step();
        }
        return h.text.toString();
    }

    private void step() {
        int roll = random.nextInt(100);
        if (addresses.size() < 4 || roll < 45) {
            long size = size();
            long a = place(size);
            add(a, size);
            text.append("malloc(").append(size).append(") = ").append(Long.toHexString(a)).append('\n');
        } else if (roll < 88) {
            long a = removeRandom();
            text.append("free(").append(Long.toHexString(a)).append(")\n");
        } else {
            long old = removeRandom();
            long size = size();
            Map.Entry<Long, Long> next = live.higherEntry(old);
            long a = (next == null || old + size <= next.getKey()) && random.nextBoolean() ? old : place(size);
            add(a, size);
            text.append("realloc(").append(Long.toHexString(old)).append(", ").append(size).append(") = ")
                    .append(Long.toHexString(a)).append('\n');
        }
    }

    private long size() {
        int roll = random.nextInt(100);
        if (roll < 70) {
            return 1 + random.nextInt(256);
        }
        return roll < 92 ? 257 + random.nextInt(8000) : 8193 + random.nextInt(200_000);
    }

    /** A random 16-byte aligned address where a block of {@code size} bytes overlaps no live block. */
    private long place(long size) {
        while (true) {
            long region = REGIONS[random.nextInt(REGIONS.length)];
            long span = size <= 256 ? SMALL_BYTES : REGION_BYTES;
            long a = region + 16 * random.nextLong(span / 16);
            Map.Entry<Long, Long> below = live.floorEntry(a);
            Map.Entry<Long, Long> above = live.ceilingEntry(a);
            boolean clearBelow = below == null || below.getKey() + below.getValue() <= a;
            boolean clearAbove = above == null || a + size <= above.getKey();
            if (clearBelow && clearAbove) {
                return a;
            }
        }
    }

    private void add(long a, long size) {
        live.put(a, size);
        addresses.add(a);
    }

    private long removeRandom() {
        int k = random.nextInt(addresses.size());
        long a = addresses.get(k);
        addresses.set(k, addresses.get(addresses.size() - 1));
        addresses.remove(addresses.size() - 1);
        live.remove(a);
        return a;
    }
}
