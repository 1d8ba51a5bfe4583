package cmt.codec.compact;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Inflates one zstd frame (RFC 8878) of a compact file: a packed block's stream, the sites table. The
 * frame's length and the bytes it must give are declared beside it; the buffer grows only as the frame
 * actually decompresses, so a hostile declaration costs no more memory than the frame holds, and a
 * frame that gives more or fewer bytes than declared, or is followed by anything, is an error.
 */
public final class ZstdFrame {
    private ZstdFrame() {
    }

    /**
     * Inflates the frame {@code src[at, at + packed)}, which must give exactly {@code raw} bytes, into
     * {@code b} (grown as needed, with {@code slack} bytes to spare past them, zeroed); returns the buffer
     * that holds them. Errors are {@link IllegalStateException}s naming {@code what}.
     */
    public static byte[] inflate(ZstdDecompressCtx zstd, byte[] src, int at, int packed, long raw, byte[] b, int slack,
            String what) {
        int have = 0;
        zstd.reset();
        ByteBuffer in = ByteBuffer.wrap(src, at, packed);
        try {
            while (true) {
                // Room for one byte more than declared, so that a frame holding more is caught.
                int cap = b.length - slack;
                if (have == cap) {
                    b = Arrays.copyOf(b, (int) Math.min(raw + 1, Math.max(2L * cap, 1 << 12)) + slack);
                    cap = b.length - slack;
                }
                ByteBuffer dst = ByteBuffer.wrap(b, have, (int) Math.min(cap, raw + 1) - have);
                int before = in.position();
                boolean flushed = zstd.decompressByteBufferStream(dst, in);
                int got = dst.position() - have;
                have = dst.position();
                if (have > raw) {
                    throw new IllegalStateException(what + " holds more than its " + raw + " bytes");
                }
                if (flushed) {
                    // The frame has ended; the stream must end with it (no second or skippable frame).
                    if (in.hasRemaining()) {
                        throw new IllegalStateException(what + ": " + in.remaining() + " bytes after its zstd frame");
                    }
                    break;
                }
                if (got == 0 && in.position() == before) {
                    throw new IllegalStateException(what + ": zstd frame cut short");
                }
            }
        } catch (ZstdException ex) {
            throw new IllegalStateException(what + ": zstd: " + ex.getMessage());
        }
        if (have != raw) {
            throw new IllegalStateException(what + " holds " + have + " bytes, not " + raw);
        }
        Arrays.fill(b, have, have + slack, (byte) 0);
        return b;
    }
}
