package cmt.bench;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated trace of the churn shape:
 * {@code java -cp benchmarks.jar cmt.bench.Generate EVENTS OUT [text|legacy] [SITES]}. With SITES, every
 * allocation gets one of that many call sites ({@link Shapes#generateChurn(long, int, java.util.function.Consumer)})
 * and the trace ends with their table. Used for the large streaming runs in {@code bench/bigrun.sh}.
 */
public final class Generate {
    private Generate() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0].replace("_", ""));
        Path out = Path.of(args[1]);
        Format format = args.length > 2 && args[2].equals("legacy") ? Format.LEGACY_CMT : Format.TEXT;
        int sites = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
             TraceWriter w = TraceWriter.open(o, out.toString(), format, WriteOptions.DEFAULT)) {
            if (sites > 0) {
                Shapes.generateChurn(events, sites, w::write);
                w.sites(Shapes.churnSites(sites));
            } else {
                Shapes.generateChurn(events, w::write);
            }
        }
    }
}
