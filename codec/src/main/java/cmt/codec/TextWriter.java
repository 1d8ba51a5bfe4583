package cmt.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the text trace, the interchange format. One event per line:
 *
 * <pre>
 * malloc(SIZE) = PTR                     the original's three operations
 * realloc(OLDPTR, SIZE) = PTR
 * free(PTR)
 * calloc(COUNT, SIZE) = PTR              extensions: calloc and aligned allocations
 * memalign(ALIGNMENT, SIZE) = PTR        (read also: posix_memalign, aligned_alloc, valloc(SIZE))
 * ... tid=THREAD ns=TIMESTAMP            optional fields after any event, in this order
 * # a comment, and blank lines           not events; annotating tools copy them
 * </pre>
 *
 * SIZE, COUNT, ALIGNMENT, THREAD and TIMESTAMP are unsigned decimal; PTR is hexadecimal. The plain form
 * writes {@code 0x}-prefixed pointers as kdump-made traces have them; the tagged form writes the
 * original's {@code PTR<TAG>}, lowercase hex without {@code 0x}, e.g.
 * {@code realloc(81d220b48<6655>, 16) = 81d3b83a0<6656>}. A reader accepts both forms, with or without
 * {@code 0x}, a tag on any pointer, CRLF line ends and trailing blanks.
 */
public final class TextWriter implements TraceWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final String name;
    private final boolean tagged;
    private final byte[] buf = new byte[1 << 16];
    private int pos;

    /** A writer of the tagged form if {@code tagged}, else the plain form. */
    public TextWriter(OutputStream out, String name, boolean tagged) {
        this.out = out;
        this.name = name;
        this.tagged = tagged;
    }

    /** One event as a line without its newline. */
    public static String format(Event e, boolean tagged) {
        TextWriter w = new TextWriter(OutputStream.nullOutputStream(), "", tagged);
        w.append(e);
        return new String(w.buf, 0, w.pos - 1, StandardCharsets.US_ASCII);
    }

    @Override
    public void write(Event e) {
        if (pos > buf.length - 256) {
            flushBuffer();
        }
        append(e);
    }

    private void append(Event e) {
        switch (e.op) {
            case MALLOC -> {
                text("malloc(");
                dec(e.size);
                text(") = ");
                ptr(e.address, e.tag);
            }
            case CALLOC -> {
                long count = e.count == 0 ? 1 : e.count;
                text("calloc(");
                dec(count);
                text(", ");
                dec(Long.divideUnsigned(e.size, count));
                text(") = ");
                ptr(e.address, e.tag);
            }
            case ALIGNED -> {
                text("memalign(");
                dec(e.alignment);
                text(", ");
                dec(e.size);
                text(") = ");
                ptr(e.address, e.tag);
            }
            case REALLOC -> {
                text("realloc(");
                ptr(e.oldAddress, e.oldTag);
                text(", ");
                dec(e.size);
                text(") = ");
                ptr(e.address, e.tag);
            }
            case FREE -> {
                text("free(");
                ptr(e.oldAddress, e.oldTag);
                buf[pos++] = ')';
            }
        }
        if (e.thread != Event.NONE) {
            text(" tid=");
            dec(e.thread);
        }
        if (e.timestamp != Event.NONE) {
            text(" ns=");
            dec(e.timestamp);
        }
        buf[pos++] = '\n';
    }

    private void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void ptr(long address, long tag) {
        if (!tagged) {
            text("0x");
        }
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(address)) >> 2);
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos++] = HEX[(int) (address >>> (i * 4)) & 0xf];
        }
        if (tagged) {
            buf[pos++] = '<';
            dec(tag);
            buf[pos++] = '>';
        }
    }

    private void dec(long v) {
        if (v < 0) {
            text(Long.toUnsignedString(v));
            return;
        }
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void flushBuffer() {
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        flushBuffer();
        try {
            out.close();
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + e.getMessage(), e);
        }
    }
}
