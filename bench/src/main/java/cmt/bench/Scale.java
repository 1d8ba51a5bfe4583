package cmt.bench;

import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a real recording scaled up: {@code java -cp benchmarks.jar cmt.bench.Scale IN COPIES OUT
 * [text|compact]}, the recording's events {@code COPIES} times one after the other on the same threads,
 * each copy's addresses shifted so that no two copies' blocks meet ({@link Inputs#repeat}). Call sites are
 * dropped. Used by {@code bench/e2e.sh} for whole-process runs on large real-shaped traces.
 */
public final class Scale {
    private Scale() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        int copies = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Format format = args.length > 3 && args[3].equals("compact") ? Format.COMPACT : Format.TEXT;
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            Inputs.repeat(() -> TraceReader.open(in, Leniency.LENIENT), copies, o, format);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
