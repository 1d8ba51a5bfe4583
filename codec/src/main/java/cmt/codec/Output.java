package cmt.codec;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A file being written, that appears whole or not at all: the bytes go to a temporary file beside the
 * target, which {@link #commit()} flushes, syncs to disk and renames over the target; closing an output
 * that was not committed (an error, an interrupt) deletes the temporary file, and so does the JVM's
 * shutdown on SIGINT or SIGTERM. The target is therefore always absent, the complete old file, or the
 * complete new one; an existing target is replaced only with {@code overwrite}, and never when it is the
 * input the output is made from.
 *
 * <pre>{@code
 * try (Output out = Output.create(Path.of("ls.cmtz"), false, "ls.trace")) {
 *     try (TraceWriter w = TraceWriter.open(out, Format.COMPACT, WriteOptions.DEFAULT)) {
 *         r.forEach(w::write);
 *     }
 *     out.commit();                      // only now does ls.cmtz exist
 * }
 * }</pre>
 *
 * A name ending in {@code .gz}, {@code .xz} or {@code .zst} is written compressed (gzip, xz -9, zstd -19;
 * every reader takes them back). {@link #standardOutput()} and {@link #of} are the same for a stream, where
 * commit flushes and a write error (a full disk) is a {@link TraceException} rather than lost.
 */
public final class Output implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    /** Temporary files of outputs not yet committed, deleted if the JVM shuts down first. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private final String name;
    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private final OutputStream finish;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    private Output(String name, Path target, Path temp, boolean overwrite, OutputStream finish) {
        this.name = name;
        this.target = target;
        this.temp = temp;
        this.overwrite = overwrite;
        this.finish = finish;
        this.stream = new Guard(finish);
    }

    /**
     * A new output for {@code target}, made from {@code input} (a path; {@code null} or {@code -} for
     * none), replacing an existing target on commit only if {@code overwrite}.
     *
     * @throws TraceException if the name is empty, the target exists and may not be replaced, is the
     *         input, or its folder cannot be written
     */
    public static Output create(Path target, boolean overwrite, String input) {
        Path file = target.getFileName();
        if (file == null || file.toString().isEmpty()) {
            throw new TraceException("'" + target + "': not a file name");
        }
        if (input != null && !input.equals("-") && isSameFile(target, Path.of(input))) {
            throw new TraceException(target + ": is the input being read; write to another file");
        }
        if (Files.isDirectory(target)) {
            throw new TraceException(target + ": is a directory");
        }
        if (!overwrite && Files.exists(target)) {
            throw new TraceException(target + ": already exists (use --force to replace it)");
        }
        Path dir = target.toAbsolutePath().getParent();
        removeStale(dir, file.toString());
        Path temp = dir.resolve(tempPrefix(file.toString()) + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new TraceException(target + ": cannot create: no such directory");
        } catch (AccessDeniedException e) {
            throw new TraceException(target + ": cannot create: permission denied");
        } catch (IOException e) {
            throw new TraceException(target + ": cannot create: " + TraceException.reason(e), e);
        }
        pending(temp);
        OutputStream file0 = new Synced(channel);
        try {
            String n = file.toString();
            OutputStream o = new BufferedOutputStream(file0, BUFFER);
            if (n.endsWith(".gz")) {
                o = new GZIPOutputStream(o, BUFFER);
            } else if (n.endsWith(".xz")) {
                o = new XZOutputStream(o, new LZMA2Options(9));
            } else if (n.endsWith(".zst")) {
                o = new ZstdOutputStream(o, 19);
            }
            return new Output(target.toString(), target, temp, overwrite, o);
        } catch (IOException e) {
            delete(temp);
            throw new TraceException(target + ": cannot write: " + TraceException.reason(e), e);
        }
    }

    /** Standard output, or the file {@code spec} ({@link #create}) unless it is {@code -}. */
    public static Output open(String spec, boolean overwrite, String input) {
        return "-".equals(spec) ? standardOutput() : create(Path.of(spec), overwrite, input);
    }

    /**
     * Standard output, as {@code System.out} is when written to (a command line's own, a notebook cell's):
     * buffered, left open on close; a write error is a {@link TraceException}, not the silence of a
     * {@code PrintStream}.
     */
    public static Output standardOutput() {
        return of(new SystemOut(), "standard output");
    }

    /**
     * An output onto a stream the caller owns (standard output, a socket): buffered, flushed on commit and
     * left open on close; {@code name} is used in messages. What was written before a failure is not
     * taken back: a stream has no rename.
     */
    public static Output of(OutputStream out, String name) {
        return new Output(name, null, null, false, new KeptOpen(out));
    }

    /** The stream to write to; its {@code close()} only flushes, so that writers may close it. */
    public OutputStream stream() {
        return stream;
    }

    /** The name used in messages: the target as given, or {@code standard output}. */
    public String name() {
        return name;
    }

    /** True if this output is a stream ({@link #of}, {@link #standardOutput}) rather than a file. */
    public boolean isStream() {
        return target == null;
    }

    /**
     * Finishes the output: flushes (and ends the compression of) everything written, syncs the file to
     * disk and renames it over the target; for standard output, flushes it.
     *
     * @throws TraceException on a write error (then nothing of the new file remains)
     */
    public void commit() {
        if (closed) {
            throw new IllegalStateException(name + ": output already closed");
        }
        try {
            finish.close();
            if (target != null) {
                if (overwrite) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    // A link fails if the target appeared meanwhile, where a rename would replace it.
                    Files.createLink(target, temp);
                    Files.delete(temp);
                }
                PENDING.remove(temp);
                syncFolder(target.toAbsolutePath().getParent());
            }
            committed = true;
        } catch (FileAlreadyExistsException e) {
            throw new TraceException(name + ": already exists (use --force to replace it)");
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + TraceException.reason(e), e);
        } finally {
            if (!committed) {
                close();
            }
        }
    }

    /** Deletes the temporary file unless the output was committed; standard output is left open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed && target != null) {
            try {
                finish.close();
            } catch (IOException | RuntimeException ignored) {
                // The file is deleted next; what it failed to write does not matter.
            }
            delete(temp);
        }
    }

    /**
     * Deletes the temporary file of every output of this process not yet committed, as the shutdown hook
     * does: for a process that must end at once, without running its hooks.
     */
    public static void removePending() {
        PENDING.forEach(Output::delete);
    }

    /**
     * Deletes the temporary files that outputs to {@code spec} left behind in processes that have ended
     * (a child process killed or crashed while writing it); nothing for {@code -}.
     */
    public static void removeAbandoned(String spec) {
        if (spec == null || spec.equals("-")) {
            return;
        }
        Path target = Path.of(spec);
        if (target.getFileName() != null) {
            removeStale(target.toAbsolutePath().getParent(), target.getFileName().toString());
        }
    }

    private static String tempPrefix(String file) {
        return "." + file + ".cmt-partial-";
    }

    /** Deletes the temporary files that outputs of processes no longer running left for this target. */
    private static void removeStale(Path dir, String file) {
        String prefix = tempPrefix(file);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException | IOException ignored) {
                    // Not one of ours, or already gone.
                }
            }
        } catch (IOException ignored) {
            // An unreadable folder fails at create, with its reason.
        }
    }

    private static void pending(Path temp) {
        if (!hooked) {
            synchronized (PENDING) {
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(Output::removePending,
                            "cmt-output-cleanup"));
                    hooked = true;
                }
            }
        }
        PENDING.add(temp);
    }

    private static void delete(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Nothing more can be done; the next output to this target removes it.
        }
        PENDING.remove(temp);
    }

    private static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot sync a folder; the rename itself has happened.
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** What writers see: their {@code close()} flushes; only {@link #commit()} finishes the file. */
    private final class Guard extends FilterOutputStream {
        Guard(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (committed || closed) {
                throw new IOException("output already " + (committed ? "committed" : "closed"));
            }
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!committed && !closed) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** The temporary file: closing it syncs it to disk first, so that the rename publishes whole bytes. */
    private static final class Synced extends OutputStream {
        private final FileChannel channel;

        Synced(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                try {
                    channel.force(true);
                } finally {
                    channel.close();
                }
            }
        }
    }

    /** {@code System.out}, failing at its first error. */
    private static final class SystemOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            System.out.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            System.out.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            System.out.flush();
            check();
        }

        private static void check() throws IOException {
            if (System.out.checkError()) {
                throw new IOException("write error");
            }
        }
    }

    /** A stream the caller owns, buffered here: closing it only flushes. */
    private static final class KeptOpen extends BufferedOutputStream {
        KeptOpen(OutputStream out) {
            super(out, BUFFER);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
