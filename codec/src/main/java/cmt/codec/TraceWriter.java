package cmt.codec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * Creates {@code path} for writing, refusing to replace an existing file unless {@code overwrite}:
     * nothing the user gave is lost without asking.
     */
    static OutputStream create(Path path, boolean overwrite) {
        try {
            OutputStream o = overwrite
                    ? Files.newOutputStream(path)
                    : Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new BufferedOutputStream(o, 1 << 16);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new TraceException(path + ": already exists (use --force to replace it)");
        } catch (IOException e) {
            throw new TraceException(path + ": cannot create: " + e.getMessage(), e);
        }
    }
}
