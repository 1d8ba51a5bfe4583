package cmt.codec.text;

import cmt.codec.AsciiSink;
import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Sites;
import cmt.codec.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the text trace, the interchange format (grammar in {@link Syntax}): the plain form with
 * {@code 0x}-prefixed pointers as recorders write them, or the original's tagged form {@code PTR<TAG>},
 * lowercase hex without {@code 0x}, e.g. {@code realloc(81d220b48<6655>, 16) = 81d3b83a0<6656>}.
 */
public final class TextWriter implements TraceWriter {
    private final AsciiSink out;
    private final boolean tagged;
    private Sites sites;

    /** A writer of the tagged form if {@code tagged}, else the plain form. */
    public TextWriter(OutputStream out, String name, boolean tagged) {
        this(new AsciiSink(out, name), tagged);
    }

    private TextWriter(AsciiSink out, boolean tagged) {
        this.out = out;
        this.tagged = tagged;
    }

    /** One event as a line without its newline. */
    public static String format(Event e, boolean tagged) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        AsciiSink sink = new AsciiSink(bytes, "");
        append(sink, e, tagged);
        sink.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(Event e) {
        append(out, e, tagged);
        out.newline();
    }

    /** Appends the event to {@code out} without a newline. */
    public static void append(AsciiSink out, Event e, boolean tagged) {
        out.reserve(160);
        switch (e.op) {
            case MALLOC -> {
                out.text(Syntax.MALLOC).udec(e.size).ch(Syntax.CLOSE).text(Syntax.RESULT);
                ptr(out, e.address, e.tag, tagged);
            }
            case CALLOC -> {
                long count = e.count == 0 ? 1 : e.count;
                out.text(Syntax.CALLOC).udec(count).text(Syntax.COMMA).udec(Long.divideUnsigned(e.size, count))
                        .ch(Syntax.CLOSE).text(Syntax.RESULT);
                ptr(out, e.address, e.tag, tagged);
            }
            case ALIGNED -> {
                out.text(Syntax.MEMALIGN).udec(e.alignment).text(Syntax.COMMA).udec(e.size).ch(Syntax.CLOSE)
                        .text(Syntax.RESULT);
                ptr(out, e.address, e.tag, tagged);
            }
            case REALLOC -> {
                out.text(Syntax.REALLOC);
                ptr(out, e.oldAddress, e.oldTag, tagged);
                out.text(Syntax.COMMA).udec(e.size).ch(Syntax.CLOSE).text(Syntax.RESULT);
                ptr(out, e.address, e.tag, tagged);
            }
            case FREE -> {
                out.text(Syntax.FREE);
                ptr(out, e.oldAddress, e.oldTag, tagged);
                out.ch(Syntax.CLOSE);
            }
        }
        if (e.thread != Event.NONE) {
            out.ch(' ').text(Syntax.THREAD).udec(e.thread);
        }
        if (e.timestamp != Event.NONE) {
            out.ch(' ').text(Syntax.TIME).udec(e.timestamp);
        }
        if (e.site != Event.NONE && e.op != Op.FREE) {
            out.ch(' ').text(Syntax.SITE).udec(e.site);
        }
    }

    private static void ptr(AsciiSink out, long address, long tag, boolean tagged) {
        if (!tagged) {
            out.text(Syntax.HEX_PREFIX);
        }
        out.hex(address);
        if (tagged) {
            out.ch(Syntax.TAG_OPEN).udec(tag).ch(Syntax.TAG_CLOSE);
        }
    }

    @Override
    public void sites(Sites table) {
        this.sites = table;
    }

    /** Writes the site table, if any, after the events, then closes. */
    @Override
    public void close() {
        if (sites != null) {
            for (long id : sites.ids()) {
                byte[] line = SiteLines.format(id, sites.frames(id)).getBytes(StandardCharsets.UTF_8);
                out.bytes(line, 0, line.length);
                out.newline();
            }
        }
        out.close();
    }
}
