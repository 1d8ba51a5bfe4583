package cmt.codec;

import java.io.ByteArrayOutputStream;
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
    private final AsciiSink out;
    private final boolean tagged;

    /** A writer of the tagged form if {@code tagged}, else the plain form. */
    public TextWriter(OutputStream out, String name, boolean tagged) {
        this(new AsciiSink(out, name), tagged);
    }

    /** A writer appending to an existing sink. */
    public TextWriter(AsciiSink out, boolean tagged) {
        this.out = out;
        this.tagged = tagged;
    }

    /** One event as a line without its newline. */
    public static String format(Event e, boolean tagged) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        AsciiSink sink = new AsciiSink(bytes, "");
        new TextWriter(sink, tagged).append(e);
        sink.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(Event e) {
        append(e);
        out.newline();
    }

    /** Appends the event without a newline. */
    public void append(Event e) {
        out.reserve(160);
        switch (e.op) {
            case MALLOC -> {
                out.text("malloc(").udec(e.size).text(") = ");
                ptr(e.address, e.tag);
            }
            case CALLOC -> {
                long count = e.count == 0 ? 1 : e.count;
                out.text("calloc(").udec(count).text(", ").udec(Long.divideUnsigned(e.size, count)).text(") = ");
                ptr(e.address, e.tag);
            }
            case ALIGNED -> {
                out.text("memalign(").udec(e.alignment).text(", ").udec(e.size).text(") = ");
                ptr(e.address, e.tag);
            }
            case REALLOC -> {
                out.text("realloc(");
                ptr(e.oldAddress, e.oldTag);
                out.text(", ").udec(e.size).text(") = ");
                ptr(e.address, e.tag);
            }
            case FREE -> {
                out.text("free(");
                ptr(e.oldAddress, e.oldTag);
                out.ch(')');
            }
        }
        if (e.thread != Event.NONE) {
            out.text(" tid=").udec(e.thread);
        }
        if (e.timestamp != Event.NONE) {
            out.text(" ns=").udec(e.timestamp);
        }
    }

    private void ptr(long address, long tag) {
        if (!tagged) {
            out.text("0x");
        }
        out.hex(address);
        if (tagged) {
            out.ch('<').udec(tag).ch('>');
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
