package cmt.codec.text;

import cmt.codec.Event;
import cmt.codec.Sites;
import cmt.codec.Op;
import cmt.codec.TraceException;
import cmt.codec.TraceReader.LineListener;
import cmt.codec.resolve.EventParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses the text trace (grammar in {@link Syntax}) straight from bytes: no String, no
 * regular expression and no object per line, because parsing is the first pass of every analysis.
 *
 * <p>Lines that are blank or start with {@code #} are not events; they are handed to a
 * {@link LineListener} when one is set (annotating tools print them unchanged).
 */
public final class TextParser implements EventParser {
    private static final int MAX_LINE = Syntax.MAX_LINE;
    private static final java.lang.invoke.VarHandle WORDS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final String name;
    private LineListener otherLines;
    private final Sites sites = new Sites();
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int limit;
    private boolean eof;
    private long lineNo;
    private int lineStart;
    private int lineEnd;
    private int p;

    /** A parser of {@code in}; {@code name} is used in messages. */
    public TextParser(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public void otherLines(LineListener listener) {
        this.otherLines = listener;
    }

    @Override
    public Sites sites() {
        return sites;
    }

    @Override
    public boolean keyedByTag() {
        return false;
    }

    @Override
    public boolean next(Event e) {
        while (nextLine()) {
            int s = lineStart;
            while (s < lineEnd && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            if (s == lineEnd || buf[s] == Syntax.COMMENT) {
                if (SiteLines.is(buf, s, lineEnd - s)) {
                    SiteLines.parse(buf, s, lineEnd - s, sites, name, lineNo);
                }
                if (otherLines != null) {
                    otherLines.line(lineNo, buf, lineStart, lineEnd - lineStart);
                }
                continue;
            }
            p = s;
            parse(e);
            e.line = lineNo;
            return true;
        }
        return false;
    }

    @Override
    public void dropped() {
        if (otherLines != null) {
            otherLines.line(lineNo, buf, lineStart, lineEnd - lineStart);
        }
    }

    /** The current line's text, right-stripped. */
    String lineText() {
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
    }

    /** The buffer holding the current line; valid until the next call to {@link #next}. */
    @Override
    public byte[] lineBuffer() {
        return buf;
    }

    @Override
    public int lineStart() {
        return lineStart;
    }

    @Override
    public int lineLength() {
        return lineEnd - lineStart;
    }

    @Override
    public TraceException error(String what) {
        return TraceException.atLine(name, lineNo, what, lineText());
    }

    // ---- lines ----

    private boolean nextLine() {
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(start, i);
                    start = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (start < limit) {
                    setLine(start, limit);
                    start = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int s, int e) {
        lineNo++;
        if (lineNo == 1 && e - s >= 3 && buf[s] == (byte) 0xEF && buf[s + 1] == (byte) 0xBB && buf[s + 2] == (byte) 0xBF) {
            s += 3; // a UTF-8 byte order mark, as editors on some systems write
        }
        while (e > s && (buf[e - 1] == '\r' || buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
            e--;
        }
        lineStart = s;
        lineEnd = e;
    }

    private void fill() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, limit - start);
            limit -= start;
            start = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                lineNo++;
                lineStart = 0;
                lineEnd = Math.min(limit, 80);
                throw error("line longer than " + MAX_LINE + " bytes (not a text trace?)");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException ex) {
            throw new TraceException(name + ": read error after line " + lineNo + ": " + TraceException.reason(ex), ex);
        }
    }

    // ---- one event ----

    private void parse(Event e) {
        e.clear();
        byte c = buf[p];
        switch (c) {
            case 'm' -> {
                if (word(Syntax.MALLOC)) {
                    e.op = Op.MALLOC;
                    e.size = dec();
                    expect(Syntax.CLOSE);
                    e.address = result(e);
                } else if (word(Syntax.MEMALIGN)) {
                    aligned(e);
                } else {
                    throw unknown();
                }
            }
            case 'f' -> {
                if (!word(Syntax.FREE)) {
                    throw unknown();
                }
                e.op = Op.FREE;
                e.oldAddress = hex();
                e.oldTag = tag();
                expect(Syntax.CLOSE);
            }
            case 'r' -> {
                if (!word(Syntax.REALLOC)) {
                    throw unknown();
                }
                e.op = Op.REALLOC;
                e.oldAddress = hex();
                e.oldTag = tag();
                comma();
                e.size = dec();
                expect(Syntax.CLOSE);
                e.address = result(e);
            }
            case 'c' -> {
                if (!word(Syntax.CALLOC)) {
                    throw unknown();
                }
                e.op = Op.CALLOC;
                long count = dec();
                comma();
                long each = dec();
                expect(Syntax.CLOSE);
                long total;
                try {
                    total = Event.callocSize(count, each);
                } catch (ArithmeticException ex) {
                    throw error(ex.getMessage());
                }
                e.count = count;
                e.size = total;
                e.address = result(e);
            }
            case 'a' -> {
                if (!word(Syntax.ALIGNED_ALLOC)) {
                    throw unknown();
                }
                aligned(e);
            }
            case 'p' -> {
                if (!word(Syntax.POSIX_MEMALIGN)) {
                    throw unknown();
                }
                aligned(e);
            }
            case 'v' -> {
                if (!word(Syntax.VALLOC)) {
                    throw unknown();
                }
                e.op = Op.ALIGNED;
                e.alignment = Syntax.VALLOC_ALIGNMENT;
                e.size = dec();
                expect(Syntax.CLOSE);
                e.address = result(e);
            }
            default -> throw unknown();
        }
        suffix(e);
    }

    private void aligned(Event e) {
        e.op = Op.ALIGNED;
        e.alignment = dec();
        comma();
        e.size = dec();
        expect(Syntax.CLOSE);
        e.address = result(e);
    }

    private TraceException unknown() {
        return error("not a trace event (expected malloc, calloc, memalign, realloc or free)");
    }

    /** {@code = PTR[<TAG>]} after an allocating call; stores the tag in {@code e.tag}. */
    private long result(Event e) {
        spaces();
        expect('=');
        spaces();
        long a = hex();
        e.tag = tag();
        return a;
    }

    private void suffix(Event e) {
        while (true) {
            spaces();
            if (p >= lineEnd) {
                return;
            }
            if (word(Syntax.THREAD)) {
                e.thread = present(dec(), "thread id");
            } else if (word(Syntax.TIME)) {
                e.timestamp = present(dec(), "timestamp");
            } else if (word(Syntax.SITE)) {
                if (e.op == Op.FREE) {
                    throw error("a free has no call site (site= is for allocations)");
                }
                e.site = present(dec(), "site id");
            } else {
                throw error("unexpected text after the event");
            }
        }
    }

    /** {@code v} unless it is 2^64-1, which stands for "absent" in every format and so cannot be carried. */
    private long present(long v, String what) {
        if (v == Event.NONE) {
            throw error(what + " " + Long.toUnsignedString(v) + " is reserved: 2^64-1 stands for none");
        }
        return v;
    }

    private boolean word(String w) {
        int n = w.length();
        if (lineEnd - p < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[p + i] != w.charAt(i)) {
                return false;
            }
        }
        p += n;
        return true;
    }

    private void spaces() {
        while (p < lineEnd && buf[p] == ' ') {
            p++;
        }
    }

    private void comma() {
        spaces();
        expect(',');
        spaces();
    }

    private void expect(char c) {
        if (p >= lineEnd || buf[p] != c) {
            throw error("expected '" + c + "' at column " + (p - lineStart + 1));
        }
        p++;
    }

    /** An unsigned decimal up to 2^64-1. */
    private long dec() {
        int s = p;
        long v = 0;
        while (p < lineEnd) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (Long.compareUnsigned(v, 0x1999999999999999L) > 0) {
                throw error("number does not fit in 64 bits");
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                throw error("number does not fit in 64 bits");
            }
            v = next;
            p++;
        }
        if (p == s) {
            throw error("expected a decimal number at column " + (s - lineStart + 1));
        }
        return v;
    }

    /** A pointer: hexadecimal with an optional 0x, up to 16 digits. */
    private long hex() {
        if (p + 1 < lineEnd && buf[p] == '0' && (buf[p + 1] == 'x' || buf[p + 1] == 'X')) {
            p += 2;
        }
        int s = p;
        long v = 0;
        // Eight digits at a time while eight bytes can be loaded: no branch per digit, whose 0-9 or a-f
        // would be a coin toss for the branch predictor on every address.
        while (p + 8 <= buf.length) {
            long w = (long) WORDS.get(buf, p);
            int n = Math.min(Hex.digits(w), lineEnd - p);
            if (n <= 0) {
                break;
            }
            if (p - s + n > 16) {
                throw error("pointer longer than 64 bits");
            }
            v = (n == 8 ? v << 32 : v << 4 * n) | Hex.value(w, n);
            p += n;
            if (n < 8) {
                break;
            }
        }
        while (p < lineEnd) {
            int d = Hex.digit(buf[p]);
            if (d < 0) {
                break;
            }
            if (p - s == 16) {
                throw error("pointer longer than 64 bits");
            }
            v = (v << 4) | d;
            p++;
        }
        if (p == s) {
            throw error("expected a hexadecimal pointer at column " + (s - lineStart + 1));
        }
        return v;
    }

    /** An optional {@code <N>} tag; 0 when absent. */
    private long tag() {
        if (p < lineEnd && buf[p] == Syntax.TAG_OPEN) {
            p++;
            long t = dec();
            expect(Syntax.TAG_CLOSE);
            if (t == 0) {
                throw error("tag 0 (tags start at 1)");
            }
            return t;
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing was written; a failed close of an input loses nothing.
        }
    }
}
