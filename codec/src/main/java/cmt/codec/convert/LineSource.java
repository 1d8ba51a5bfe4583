package cmt.codec.convert;

import cmt.codec.TraceException;
import cmt.codec.resolve.Position;
import cmt.codec.text.Syntax;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * The lines of a recorder's output with their numbers, so that every error and every normalisation can
 * name the input line. Bytes are read as ISO-8859-1: recorder output is ASCII, and nothing in it is
 * worth failing over an encoding error. A line ends at LF, CR LF or a lone CR, and may be at most
 * {@link Syntax#MAX_LINE} bytes long, as in a text trace: a 2 GB file without line ends is an error at
 * its first line, not an exhausted heap.
 */
final class LineSource implements Position, AutoCloseable {
    /** How often (in lines) the thread's interrupt flag is checked, as {@code TraceReader} does. */
    private static final int CHECK_EVERY = 1 << 16;

    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[256];
    private long number;
    private boolean terminated;
    private String text = "";

    LineSource(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The next line without its line end, or null at the end. */
    String next() {
        int n = 0;
        boolean any = false;
        terminated = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            byte b = buf[pos++];
            if (b == '\n') {
                terminated = true;
                break;
            }
            if (b == '\r') {
                if ((pos < limit || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                terminated = true;
                break;
            }
            if (n == line.length) {
                if (n >= Syntax.MAX_LINE) {
                    number++;
                    text = new String(line, 0, 80, StandardCharsets.ISO_8859_1);
                    throw error("line longer than " + Syntax.MAX_LINE + " bytes");
                }
                line = Arrays.copyOf(line, Math.min(n * 2, Syntax.MAX_LINE));
            }
            line[n++] = b;
        }
        if ((++number & (CHECK_EVERY - 1)) == 0 && Thread.currentThread().isInterrupted()) {
            throw new CancellationException(name + ": interrupted at line " + number);
        }
        text = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        return text;
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int r;
            do {
                r = in.read(buf, 0, buf.length);
            } while (r == 0);
            if (r < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = r;
            return true;
        } catch (IOException e) {
            throw new TraceException(name + ": read error after line " + number + ": "
                    + TraceException.reason(e), e);
        }
    }

    /** The number (1-based) of the line last returned. */
    long number() {
        return number;
    }

    /**
     * False if the line last returned is the input's last and has no line end: a recorder that writes
     * whole lines was cut off in the middle of one.
     */
    boolean terminated() {
        return terminated;
    }

    /** The input's name as used in messages. */
    String name() {
        return name;
    }

    /** An error at the current line: {@code NAME:LINE: what: line text}. */
    @Override
    public TraceException error(String what) {
        return TraceException.atLine(name, number, what, text);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // An input that fails to close has lost nothing.
        }
    }
}
