package cmt.codec;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Writes resolved events in one format. Writers buffer; {@link #close()} flushes. */
public interface TraceWriter extends AutoCloseable {
    /** Appends one event. */
    void write(Event e);

    /** Flushes and closes the underlying stream. */
    @Override
    void close();

    /**
     * A writer of {@code format} to {@code out}; for text, {@code tagged} chooses the tagged form. The
     * compact writer made here keeps addresses, so that nothing is lost; {@link CompactWriter} itself can
     * drop them.
     */
    static TraceWriter of(Format format, OutputStream out, String name, boolean tagged) {
        return switch (format) {
            case TEXT -> new TextWriter(out, name, tagged);
            case LEGACY_CMT -> new LegacyCmtWriter(out, name);
            case COMPACT -> new CompactWriter(out, name, CompactHeader.of(true));
        };
    }

    /** {@link #create(Path, boolean, String)} for output that is not made from a file being read. */
    static OutputStream create(Path path, boolean overwrite) {
        return create(path, overwrite, null);
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
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new TraceException(path + ": already exists (use --force to replace it)");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TraceException(path + ": cannot create: no such directory");
        } catch (java.nio.file.AccessDeniedException e) {
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
