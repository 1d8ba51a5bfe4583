package cmt.bench;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;

import cmt.codec.Event;
import cmt.codec.Op;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Named trace shapes that benchmarks run over, generated reproducibly (fixed seed) so that a result
 * names exactly what was measured.
 *
 * <p>{@code churn}: a glibc-like program: about 1,000 live blocks, sizes drawn mostly from small size
 * classes with an occasional large block, frees of a random live block, 2% reallocs; addresses of
 * freed small blocks reused for blocks of the same size, as a free-list allocator would.
 */
public final class Shapes {
    private Shapes() {
    }

    /** Writes {@code events} events of the churn shape as tagged text to {@code out}; returns the path. */
    public static Path churn(Path out, long events) throws IOException {
        if (Files.exists(out) && Files.size(out) > 0) {
            return out;
        }
        Path tmp = Files.createTempFile(out.getParent(), "shape", ".tmp");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            TraceWriter w = TraceWriter.open(o, tmp.toString(), Format.TEXT, WriteOptions.DEFAULT);
            generateChurn(events, w::write);
            w.close();
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    /**
     * {@link #generateChurn(long, java.util.function.Consumer)} with every allocation at one of {@code sites}
     * call sites ({@link #churnSites}): a few sites make most blocks, a long tail the rest, as in real programs.
     */
    public static void generateChurn(long events, int sites, java.util.function.Consumer<Event> sink) {
        SplittableRandom rnd = new SplittableRandom(7);
        generateChurn(events, e -> {
            if (e.op.creates()) {
                double u = rnd.nextDouble();
                e.site = (long) (sites * u * u * u);
            }
            sink.accept(e);
        });
    }

    /** The stacks of {@link #generateChurn(long, int, java.util.function.Consumer)}: 8 frames, callers shared by neighbouring sites. */
    public static cmt.codec.Sites churnSites(int sites) {
        cmt.codec.Sites s = new cmt.codec.Sites();
        for (int k = 0; k < sites; k++) {
            java.util.List<cmt.codec.Sites.Frame> frames = new java.util.ArrayList<>(8);
            for (int d = 0; d < 8; d++) {
                int fn = d == 0 ? k : k >> (2 * d);
                frames.add(new cmt.codec.Sites.Frame("/usr/bin/churn", 0x1000 + 16L * fn + d,
                        (d == 0 ? "alloc_" : "caller" + d + "_") + fn, "churn.c", 100 + fn));
            }
            s.define(k, frames);
        }
        return s;
    }

    /** Hands {@code events} resolved events of the churn shape to {@code sink}. */
    public static void generateChurn(long events, java.util.function.Consumer<Event> sink) {
        SplittableRandom rnd = new SplittableRandom(42);
        int cap = 4096;
        long[] addr = new long[cap];
        long[] tags = new long[cap];
        long[] sizes = new long[cap];
        long[] born = new long[cap];
        int live = 0;
        long next = 0x5555_0000_0000L;
        long tag = 0;
        long[][] reuse = new long[33][1 << 12];
        int[] reuseCount = new int[33];
        Event e = new Event();
        for (long i = 0; i < events; i++) {
            e.clear();
            e.index = i;
            boolean alloc = live < 16 || (live < 2000 && rnd.nextInt(100) < 50 + (1000 - live) / 40);
            if (alloc && live < cap) {
                long size = rnd.nextInt(100) < 97 ? 16L * (1 + rnd.nextInt(32)) : 4096L + rnd.nextInt(1 << 20);
                long a;
                int cls = size <= 512 ? (int) (size >> 4) : 0;
                if (cls > 0 && reuseCount[cls] > 0 && rnd.nextInt(4) != 0) {
                    a = reuse[cls][--reuseCount[cls]];
                } else {
                    a = next;
                    next += (size + 15) & ~15L;
                }
                e.op = Op.MALLOC;
                e.size = size;
                e.address = a;
                e.tag = ++tag;
                addr[live] = a;
                tags[live] = tag;
                sizes[live] = size;
                born[live] = i;
                live++;
            } else {
                int k = rnd.nextInt(live);
                boolean realloc = rnd.nextInt(100) < 2;
                e.oldAddress = addr[k];
                e.oldTag = tags[k];
                e.oldSize = sizes[k];
                e.oldIndex = born[k];
                if (realloc) {
                    long size = sizes[k] * 2;
                    e.op = Op.REALLOC;
                    e.size = size;
                    e.address = next;
                    next += (size + 15) & ~15L;
                    e.tag = ++tag;
                    addr[k] = e.address;
                    tags[k] = tag;
                    sizes[k] = size;
                    born[k] = i;
                } else {
                    e.op = Op.FREE;
                    int cls = sizes[k] <= 512 ? (int) (sizes[k] >> 4) : 0;
                    if (cls > 0 && reuseCount[cls] < reuse[cls].length) {
                        reuse[cls][reuseCount[cls]++] = addr[k];
                    }
                    live--;
                    addr[k] = addr[live];
                    tags[k] = tags[live];
                    sizes[k] = sizes[live];
                    born[k] = born[live];
                }
            }
            sink.accept(e);
        }
    }
}
