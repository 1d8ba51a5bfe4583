package cmt.dsl;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * General-purpose compressors that {@link Trace#encoding} measures each trace format under, each at its
 * command-line tool's default level: what {@code gzip}, {@code xz}, {@code bzip2} and {@code zstd} would
 * make of the file. cmt reads all four transparently.
 */
public enum Compression {
    /** The format's own bytes. */
    NONE("none"),
    /** gzip, level 6 (about 4 times the cost of zstd). */
    GZIP("gzip"),
    /** xz, preset 6 (slow: about 1 MB of text per second). */
    XZ("xz"),
    /** bzip2, 900 kB blocks (slow: about 5 MB of text per second). */
    BZIP2("bzip2"),
    /** zstd, level 3. */
    ZSTD("zstd");

    private final String label;

    Compression(String label) {
        this.label = label;
    }

    /**
     * The compressors cheap enough for any trace, the default of {@link Trace#encoding()}: none and zstd
     * (on a 10^6-event text trace, writing the three formats takes 0.14 s, zstd adds 0.4 s, gzip 1.8 s,
     * bzip2 7.5 s, xz 49 s).
     */
    public static Compression[] cheap() {
        return new Compression[] {NONE, ZSTD};
    }

    /** The name shown in tables. */
    public String label() {
        return label;
    }

    /** A stream compressing into {@code out}. */
    public OutputStream wrap(OutputStream out) {
        try {
            return switch (this) {
                case NONE -> out;
                case GZIP -> new GZIPOutputStream(out, 1 << 16);
                case XZ -> new XZOutputStream(out, new LZMA2Options());
                case BZIP2 -> new BZip2CompressorOutputStream(out);
                case ZSTD -> new ZstdOutputStream(out);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
