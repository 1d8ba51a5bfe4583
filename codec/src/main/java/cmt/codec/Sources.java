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
 * Opens trace inputs: a path or {@code -} for standard input, with gzip, bzip2, xz and zstd removed
 * transparently when the content starts with their magic numbers.
 */
public final class Sources {
    private static final int BUFFER = 1 << 16;

    private Sources() {
    }

    /** An opened input: the decompressed bytes and a counter of the raw bytes consumed (for progress). */
    public record Opened(String name, InputStream in, CountingInputStream raw, long rawSize) {
    }

    /** Opens {@code spec}, a path or "-" for standard input. */
    public static Opened open(String spec) {
        if ("-".equals(spec)) {
            return open(System.in, "<stdin>", -1);
        }
        return open(Path.of(spec));
    }

    /** Opens a file. */
    public static Opened open(Path path) {
        String name = path.toString();
        try {
            if (Files.isDirectory(path)) {
                throw new TraceException(name + ": is a directory, not a trace");
            }
            long size = Files.size(path);
            return open(Files.newInputStream(path), name, size);
        } catch (NoSuchFileException e) {
            throw new TraceException(name + ": no such file");
        } catch (IOException e) {
            throw new TraceException(name + ": cannot open: " + e.getMessage(), e);
        }
    }

    /** Wraps an already open stream; {@code size} is its length in bytes or -1. */
    public static Opened open(InputStream stream, String name, long size) {
        CountingInputStream raw = new CountingInputStream(stream);
        try {
            BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
            in.mark(8);
            byte[] m = in.readNBytes(6);
            in.reset();
            InputStream plain = in;
            if (starts(m, 0x1f, 0x8b)) {
                plain = new GZIPInputStream(in, BUFFER);
            } else if (starts(m, 'B', 'Z', 'h')) {
                plain = new BZip2CompressorInputStream(in, true);
            } else if (starts(m, 0xfd, '7', 'z', 'X', 'Z', 0)) {
                plain = new XZInputStream(in);
            } else if (starts(m, 0x28, 0xb5, 0x2f, 0xfd)) {
                plain = new ZstdInputStream(in);
            }
            return new Opened(name, plain, raw, size);
        } catch (IOException e) {
            throw new TraceException(name + ": cannot read compressed input: " + e.getMessage(), e);
        }
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

    /** Counts bytes read from the underlying (possibly compressed) stream. */
    public static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        /** Bytes consumed so far. */
        public long count() {
            return count;
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
            // Counting stays simple because nothing above marks this stream.
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
