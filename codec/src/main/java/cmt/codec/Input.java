package cmt.codec;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * An opened input: a file, standard input or a stream, with gzip, bzip2, xz or zstd compression removed
 * when the content starts with their magic numbers (never judged by the name). It counts the raw bytes
 * consumed, so that a long pass can report progress against the file's size.
 *
 * <pre>{@code
 * Input in = Input.open("ls.trace.xz");       // or "-" for standard input
 * try (TraceReader r = TraceReader.open(in, Leniency.STRICT)) { ... }
 * }</pre>
 */
public final class Input {
    private static final int BUFFER = 1 << 16;

    private final String name;
    private final InputStream in;
    private final Counting raw;
    private final long rawSize;

    private Input(String name, InputStream in, Counting raw, long rawSize) {
        this.name = name;
        this.in = in;
        this.raw = raw;
        this.rawSize = rawSize;
    }

    /** Opens {@code spec}: a path, or {@code -} for standard input. */
    public static Input open(String spec) {
        if ("-".equals(spec)) {
            return of(System.in, "<stdin>", -1);
        }
        return open(Path.of(spec));
    }

    /** Opens a file. */
    public static Input open(Path path) {
        String name = path.toString();
        try {
            if (Files.isDirectory(path)) {
                throw new TraceException(name + ": is a directory, not a trace");
            }
            long size = Files.size(path);
            return of(Files.newInputStream(path), name, size);
        } catch (NoSuchFileException e) {
            throw new TraceException(name + ": no such file");
        } catch (IOException e) {
            throw new TraceException(name + ": cannot open: " + TraceException.reason(e), e);
        }
    }

    /** Wraps an open stream; {@code name} is used in messages, {@code size} is its length in bytes or -1. */
    public static Input of(InputStream stream, String name, long size) {
        Counting raw = new Counting(stream);
        try {
            BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
            in.mark(8);
            byte[] m = in.readNBytes(6);
            in.reset();
            InputStream plain = in;
            String kind = null;
            try {
                kind = compression(m);
                if ("gzip".equals(kind)) {
                    plain = new GZIPInputStream(in, BUFFER);
                } else if ("bzip2".equals(kind)) {
                    plain = new BZip2CompressorInputStream(in, true);
                } else if ("xz".equals(kind)) {
                    plain = new XZInputStream(in);
                } else if ("zstd".equals(kind)) {
                    plain = new ZstdInputStream(in);
                }
            } catch (IOException e) {
                // The stream's header, at its start, is what the decompressor could not take.
                throw new TraceException(name + ": byte 0: cannot read the " + kind + " compressed input: "
                        + TraceException.reason(e), e);
            }
            return new Input(name, plain, raw, size);
        } catch (IOException e) {
            throw new TraceException(name + ": byte 0: cannot read: " + TraceException.reason(e), e);
        }
    }

    /**
     * The compression whose magic number {@code head} (an input's first bytes, 6 or more) starts with:
     * {@code gzip}, {@code bzip2}, {@code xz}, {@code zstd}, or null. The magic numbers are checked with the
     * header bytes their formats fix (gzip: method 8 and no reserved flags, RFC 1952; bzip2: a block size
     * digit), so that an uncompressed binary trace that happens to begin like one is not taken for it.
     */
    public static String compression(byte[] head) {
        if (starts(head, 0x1f, 0x8b, 0x08) && head.length > 3 && (head[3] & 0xe0) == 0) {
            return "gzip";
        }
        if (starts(head, 'B', 'Z', 'h') && head.length > 3 && head[3] >= '1' && head[3] <= '9') {
            return "bzip2";
        }
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz";
        }
        return starts(head, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd" : null;
    }

    /** The name used in messages: the path as given, or {@code <stdin>}. */
    public String name() {
        return name;
    }

    /** The decompressed bytes. */
    public InputStream stream() {
        return in;
    }

    /** Raw (possibly compressed) bytes consumed so far. */
    public long rawBytesRead() {
        return raw.count;
    }

    /** The raw length in bytes, or -1 when unknown (standard input, a pipe). */
    public long rawSize() {
        return rawSize;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Counts the bytes read from the underlying stream. Nothing above marks it, so counting stays simple. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public synchronized void mark(int limit) {
            // Not supported: see markSupported.
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
