package cmt.cli;

import cmt.codec.Format;
import cmt.codec.TraceException;
import cmt.codec.TraceWriter;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Where a command writes a trace: standard output for {@code -} (or no {@code -o}), else a file that is
 * never replaced without {@code --force}. The file name decides the encoding: legacy CMT if it ends in
 * {@code .cmt}, text otherwise; a further {@code .gz}, {@code .xz} or {@code .zst} compresses it.
 */
final class OutputTrace {
    private OutputTrace() {
    }

    /** A writer for {@code spec} ({@code -} or null: stdout); {@code tagged} asks for the tagged text form. */
    static TraceWriter open(String spec, boolean force, boolean tagged) {
        if (spec == null || "-".equals(spec)) {
            OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            return TraceWriter.of(Format.TEXT, stdout, "<stdout>", tagged);
        }
        String name = spec;
        String plain = stripCompression(name);
        OutputStream o = TraceWriter.create(Path.of(spec), force);
        try {
            if (name.endsWith(".gz")) {
                o = new GZIPOutputStream(o, 1 << 16);
            } else if (name.endsWith(".xz")) {
                o = new XZOutputStream(o, new LZMA2Options(9));
            } else if (name.endsWith(".zst")) {
                o = new ZstdOutputStream(o, 19);
            }
        } catch (IOException e) {
            throw new TraceException(spec + ": cannot write: " + e.getMessage(), e);
        }
        Format format = plain.endsWith(".cmt") ? Format.LEGACY_CMT : Format.TEXT;
        return TraceWriter.of(format, o, spec, tagged);
    }

    private static String stripCompression(String name) {
        for (String ext : new String[] {".gz", ".xz", ".zst"}) {
            if (name.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }
}
