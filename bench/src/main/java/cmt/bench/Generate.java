package cmt.bench;

import cmt.codec.Format;
import cmt.codec.Sites;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a generated trace of the churn shape:
 * {@code java -cp benchmarks.jar cmt.bench.Generate EVENTS OUT [text|legacy] [SITES]}. With SITES, every
 * allocation gets one of that many call sites (8 frames each, a few sites allocating most, as in real
 * programs) and the trace ends with their table. Used for the large streaming runs in {@code bench/bigrun.sh}.
 */
public final class Generate {
    private static final int FRAMES = 8;

    private Generate() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0].replace("_", ""));
        Path out = Path.of(args[1]);
        Format format = args.length > 2 && args[2].equals("legacy") ? Format.LEGACY_CMT : Format.TEXT;
        int sites = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        SplittableRandom rnd = new SplittableRandom(7);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
             TraceWriter w = TraceWriter.open(o, out.toString(), format, WriteOptions.DEFAULT)) {
            Shapes.generateChurn(events, e -> {
                if (sites > 0 && e.op.creates()) {
                    // u^3 puts most allocations at the first sites, a long tail at the rest.
                    double u = rnd.nextDouble();
                    e.site = (long) (sites * u * u * u);
                }
                w.write(e);
            });
            if (sites > 0) {
                w.sites(table(sites));
            }
        }
    }

    /** Site k: alloc_k called through a chain shared by neighbouring sites, so that grouping merges some. */
    static Sites table(int sites) {
        Sites s = new Sites();
        for (int k = 0; k < sites; k++) {
            List<Sites.Frame> frames = new ArrayList<>(FRAMES);
            for (int d = 0; d < FRAMES; d++) {
                int fn = d == 0 ? k : k >> (2 * d);
                frames.add(new Sites.Frame("/usr/bin/churn", 0x1000 + 16L * fn + d, (d == 0 ? "alloc_" : "caller" + d + "_") + fn,
                        "churn.c", 100 + fn));
            }
            s.define(k, frames);
        }
        return s;
    }
}
