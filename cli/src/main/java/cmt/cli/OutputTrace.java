package cmt.cli;

import cmt.codec.Format;
import cmt.codec.TraceException;
import cmt.codec.TraceWriter;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;
import picocli.CommandLine.Option;

/**
 * The options of a command that writes a trace ({@code -o}, {@code --force}, {@code --tagged}), as a picocli
 * mixin. Standard output for {@code -} or no {@code -o}, else a file that is never replaced without
 * {@code --force}. The file name decides the encoding: legacy CMT if it ends in {@code .cmt}, text
 * otherwise; a further {@code .gz}, {@code .xz} or {@code .zst} compresses it.
 */
final class OutputTrace {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the trace here (- for standard output): legacy CMT if OUT ends in .cmt, "
                    + "text otherwise; .gz, .xz or .zst compress.")
    String output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @Option(names = "--tagged", description = "Write the tagged text form (PTR<TAG>, no 0x) instead of the plain one.")
    boolean tagged;

    /** A writer as the options ask. */
    TraceWriter open() {
        if (output == null || "-".equals(output)) {
            OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            return TraceWriter.of(Format.TEXT, stdout, "<stdout>", tagged);
        }
        String plain = output.replaceFirst("\\.(gz|xz|zst)$", "");
        OutputStream o = TraceWriter.create(Path.of(output), force);
        try {
            if (output.endsWith(".gz")) {
                o = new GZIPOutputStream(o, 1 << 16);
            } else if (output.endsWith(".xz")) {
                o = new XZOutputStream(o, new LZMA2Options(9));
            } else if (output.endsWith(".zst")) {
                o = new ZstdOutputStream(o, 19);
            }
        } catch (IOException e) {
            throw new TraceException(output + ": cannot write: " + e.getMessage(), e);
        }
        return TraceWriter.of(plain.endsWith(".cmt") ? Format.LEGACY_CMT : Format.TEXT, o, output, tagged);
    }
}
