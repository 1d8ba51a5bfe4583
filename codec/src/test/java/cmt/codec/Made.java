package cmt.codec;

import cmt.codec.compact.CompactTraces;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Traces made up for tests: a free-list allocator's churn with every operation, threads and times. */
public final class Made {
    private Made() {
    }

    /** {@code n} resolved events of a churning heap, as a reader would hand them out. */
    public static List<Event> churn(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        List<long[]> live = new ArrayList<>();
        List<Long> freed = new ArrayList<>();
        long top = 0x5555_0000_0000L;
        long ns = 1_000_000;
        for (int i = 0; i < n; i++) {
            ns += rnd.nextInt(5000);
            String suffix = " tid=" + (1 + rnd.nextInt(3)) + " ns=" + ns;
            if (live.isEmpty() || rnd.nextInt(100) < 52) {
                long size = rnd.nextInt(10) == 0 ? 1 + rnd.nextLong(1L << (7 * (1 + rnd.nextInt(5)))) : 16 + 8 * rnd.nextInt(8);
                long a;
                if (!freed.isEmpty() && rnd.nextBoolean()) {
                    a = freed.remove(freed.size() - 1);
                } else {
                    a = top;
                    top += (size + 31) & ~15L;
                }
                switch (rnd.nextInt(10)) {
                    case 0 -> text.append("calloc(").append(size).append(", 1) = 0x").append(Long.toHexString(a));
                    case 1 -> text.append("memalign(16, ").append(size).append(") = 0x").append(Long.toHexString(a));
                    default -> text.append("malloc(").append(size).append(") = 0x").append(Long.toHexString(a));
                }
                live.add(new long[] {a, size});
            } else {
                int k = rnd.nextInt(100) < 70 ? live.size() - 1 - rnd.nextInt(Math.min(live.size(), 4)) : rnd.nextInt(live.size());
                long[] b = live.get(k);
                if (rnd.nextInt(10) == 0) {
                    long size = b[1] * 2 + 1;
                    long a = top;
                    top += (size + 31) & ~15L;
                    text.append("realloc(0x").append(Long.toHexString(b[0])).append(", ").append(size)
                            .append(") = 0x").append(Long.toHexString(a));
                    freed.add(b[0]);
                    live.set(k, new long[] {a, size});
                } else {
                    text.append("free(0x").append(Long.toHexString(b[0])).append(')');
                    freed.add(b[0]);
                    live.remove(k);
                }
            }
            text.append(suffix).append('\n');
        }
        return CompactTraces.read(text.toString());
    }
}
