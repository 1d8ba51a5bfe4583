package cmt.codec;

import cmt.codec.compact.CompactWriter;
import cmt.codec.legacy.LegacyCmtWriter;
import cmt.codec.text.TextWriter;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes resolved events (as every {@link TraceReader} hands them out) in one {@link Format}.
 *
 * <pre>{@code
 * try (TraceReader r = TraceReader.open(Path.of("ls.trace"));
 *      TraceWriter w = TraceWriter.open(Path.of("ls.cmtz"), Format.COMPACT, WriteOptions.DEFAULT)) {
 *     r.forEach(w::write);
 * }
 * }</pre>
 *
 * Writers buffer; {@link #close()} flushes and closes the stream. A write error is a
 * {@link TraceException} naming the output.
 */
public interface TraceWriter extends AutoCloseable {
    /** Appends one event. */
    void write(Event e);

    /** Flushes and closes the underlying stream. */
    @Override
    void close();

    /** A writer of {@code format} to {@code out}, which it closes; {@code name} is used in messages. */
    static TraceWriter open(OutputStream out, String name, Format format, WriteOptions options) {
        return switch (format) {
            case TEXT -> new TextWriter(out, name, options.tagged());
            case LEGACY_CMT -> new LegacyCmtWriter(out, name);
            case COMPACT -> new CompactWriter(out, name, options);
        };
    }

    /**
     * A writer of {@code format} to the file {@code path}, replacing it if it exists, compressed when its
     * name ends in {@code .gz}, {@code .xz} or {@code .zst} (see {@link #create}).
     */
    static TraceWriter open(Path path, Format format, WriteOptions options) {
        return open(create(path, true, null), path.toString(), format, options);
    }

    /**
     * Creates {@code path} for writing, compressed when its name ends in {@code .gz}, {@code .xz} or
     * {@code .zst} (gzip, xz -9, zstd -19; every reader takes them back). Nothing the user gave is lost
     * without asking: an existing file is replaced only with {@code overwrite}, and never when it is
     * {@code input}, the file the output is made from (a path; {@code null} or {@code -} for none), whose
     * unread part replacing it would destroy.
     */
    static OutputStream create(Path path, boolean overwrite, String input) {
        if (input != null && !input.equals("-") && isSameFile(path, Path.of(input))) {
            throw new TraceException(path + ": is the input being read; write to another file");
        }
        OutputStream o;
        try {
            o = new BufferedOutputStream(overwrite
                    ? Files.newOutputStream(path)
                    : Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
        } catch (FileAlreadyExistsException e) {
            throw new TraceException(path + ": already exists (use --force to replace it)");
        } catch (NoSuchFileException e) {
            throw new TraceException(path + ": cannot create: no such directory");
        } catch (AccessDeniedException e) {
            throw new TraceException(path + ": cannot create: permission denied");
        } catch (IOException e) {
            throw new TraceException(path + ": cannot create: " + e.getMessage(), e);
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
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

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
