package cmt.bench;

import cmt.codec.WriteOptions;

import cmt.codec.Format;
import cmt.codec.TraceWriter;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated trace of the churn shape: {@code java -cp benchmarks.jar cmt.bench.Generate EVENTS OUT [text|legacy]}.
 * Used for the large streaming runs in {@code bench/bigrun.sh}.
 */
public final class Generate {
    private Generate() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0].replace("_", ""));
        Path out = Path.of(args[1]);
        Format format = args.length > 2 && args[2].equals("legacy") ? Format.LEGACY_CMT : Format.TEXT;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
             TraceWriter w = TraceWriter.open(o, out.toString(), format, WriteOptions.DEFAULT)) {
            Shapes.generateChurn(events, w::write);
        }
    }
}
