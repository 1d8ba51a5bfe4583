package cmt.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test helpers: read traces from strings and bytes, write them back, and make random valid ones. */
public final class Traces {
    private Traces() {
    }

    public static List<Event> read(String text) {
        return read(text.getBytes(StandardCharsets.US_ASCII), Leniency.STRICT);
    }

    public static List<Event> read(byte[] bytes, Leniency leniency) {
        List<Event> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bytes), "t", leniency)) {
            r.forEach(e -> out.add(e.copy()));
        }
        return out;
    }

    public static byte[] write(List<Event> events, Format format, boolean tagged) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.open(bytes, "t", format, WriteOptions.DEFAULT.withTagged(tagged))) {
            events.forEach(w::write);
        }
        return bytes.toByteArray();
    }

    public static String text(List<Event> events, boolean tagged) {
        return new String(write(events, Format.TEXT, tagged), StandardCharsets.US_ASCII);
    }

    /**
     * A random valid trace of {@code n} events: addresses unique among live blocks (sometimes reused after
     * a free, as real allocators do), sizes across every varint width, all five operations.
     */
    public static String random(long seed, int n, boolean extensions) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder();
        List<Long> live = new ArrayList<>();
        List<Long> freed = new ArrayList<>();
        long next = 0x1000;
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(10);
            if (live.isEmpty() || k < 5) {
                long size = randomSize(rnd);
                long addr = !freed.isEmpty() && rnd.nextBoolean() ? freed.remove(freed.size() - 1) : (next += 0x40);
                live.add(addr);
                int kind = extensions ? rnd.nextInt(4) : 0;
                switch (kind) {
                    case 1 -> b.append("calloc(").append(1 + rnd.nextInt(4)).append(", ").append(1 + rnd.nextInt(100));
                    case 2 -> b.append("memalign(").append(1L << rnd.nextInt(13)).append(", ").append(Long.toUnsignedString(size));
                    default -> b.append("malloc(").append(Long.toUnsignedString(size));
                }
                b.append(") = ").append(rnd.nextBoolean() ? "0x" : "").append(Long.toHexString(addr));
            } else if (k < 8) {
                long addr = live.remove(rnd.nextInt(live.size()));
                freed.add(addr);
                b.append("free(").append(Long.toHexString(addr)).append(')');
            } else {
                int j = rnd.nextInt(live.size());
                long old = live.get(j);
                long addr = rnd.nextBoolean() ? old : (next += 0x40);
                live.set(j, addr);
                b.append("realloc(0x").append(Long.toHexString(old)).append(", ").append(Long.toUnsignedString(randomSize(rnd)))
                        .append(") = 0x").append(Long.toHexString(addr));
            }
            if (extensions && rnd.nextInt(3) == 0) {
                b.append(" tid=").append(rnd.nextInt(8)).append(" ns=").append(1_000_000L * i);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Sizes of every varint width up to 2^48, so that blocks end within 2^64 at the random addresses and
     * a few thousand of them fit the synthetic layout of a file without addresses.
     */
    private static long randomSize(SplittableRandom rnd) {
        int bits = 1 + rnd.nextInt(48);
        long v = bits == 64 ? rnd.nextLong() : rnd.nextLong(1L << (bits - 1), bits == 63 ? Long.MAX_VALUE : 1L << bits);
        return v == 0 ? 1 : v;
    }
}
