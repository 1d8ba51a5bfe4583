package cmt.cli;

import cmt.codec.TraceException;
import cmt.codec.TraceWriter;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;
import picocli.CommandLine.Option;

/**
 * Where a subcommand writes: {@code -o FILE} (never replacing a file without {@code --force}, compressed
 * when its name ends in {@code .gz}, {@code .xz} or {@code .zst}) or stdout.
 */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    /** The output stream; closing it leaves standard output open. */
    public OutputStream open() {
        if (output == null) {
            return new FilterOutputStream(new BufferedOutputStream(System.out, 1 << 16)) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws java.io.IOException {
                    flush();
                }
            };
        }
        return create(output, force);
    }

    /**
     * Creates {@code path}, compressed as its name asks ({@code .gz}, {@code .xz -9}, {@code .zst -19}),
     * so that every command that writes a file treats its name alike.
     */
    static OutputStream create(Path path, boolean force) {
        OutputStream o = TraceWriter.create(path, force);
        String name = path.getFileName().toString();
        try {
            if (name.endsWith(".gz")) {
                return new GZIPOutputStream(o, 1 << 16);
            } else if (name.endsWith(".xz")) {
                return new XZOutputStream(o, new LZMA2Options(9));
            } else if (name.endsWith(".zst")) {
                return new ZstdOutputStream(o, 19);
            }
            return o;
        } catch (IOException e) {
            throw new TraceException(path + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The name used in messages. */
    public String name() {
        return output == null ? "<stdout>" : output.toString();
    }
}
