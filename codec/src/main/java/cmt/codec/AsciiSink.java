package cmt.codec;

import cmt.codec.text.TextWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered ASCII output that formats numbers without creating strings: the writing end of every text
 * the tools print per event (traces, annotations), where a String per line would dominate the cost.
 */
public final class AsciiSink implements AutoCloseable {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final int SIZE = 1 << 16;
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private final OutputStream out;
    private final String name;
    private final byte[] buf = new byte[SIZE];
    private int pos;
    private int lineStart;

    /** A sink writing to {@code out}; {@code name} names it in error messages. */
    public AsciiSink(OutputStream out, String name) {
        this.out = out;
        this.name = name;
    }

    /** Makes room for at least {@code n} more bytes; call before a run of small appends. */
    public AsciiSink reserve(int n) {
        if (pos > SIZE - n) {
            drain();
        }
        return this;
    }

    /** Appends ASCII text. */
    public AsciiSink text(String s) {
        reserve(s.length());
        if (s.length() > SIZE) {
            return bytes(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Appends {@code e} in the text form, tagged or plain, without a newline. */
    public AsciiSink event(Event e, boolean tagged) {
        TextWriter.append(this, e, tagged);
        return this;
    }

    /** Appends one character. */
    public AsciiSink ch(char c) {
        reserve(1);
        buf[pos++] = (byte) c;
        return this;
    }

    /** Appends raw bytes. */
    public AsciiSink bytes(byte[] b, int off, int len) {
        if (len > SIZE - pos) {
            drain();
            if (len > SIZE) {
                write(b, off, len);
                lineStart -= len;
                return this;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** Appends a signed decimal. */
    public AsciiSink dec(long v) {
        reserve(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return text(Long.toString(v));
            }
            buf[pos++] = '-';
            v = -v;
        }
        return udec(v);
    }

    /** Appends an unsigned decimal. */
    public AsciiSink udec(long v) {
        reserve(20);
        if (v < 0) {
            long q = Long.divideUnsigned(v, 10);
            udec(q);
            buf[pos++] = (byte) ('0' + (v - q * 10));
            return this;
        }
        // Digits are written from the end, two per division, as the JDK's own Long.toString does:
        // annotations print several numbers per line and this loop is their hottest code.
        int end = pos + digits(v);
        int i = end;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--i] = PAIRS[2 * r + 1];
            buf[--i] = PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--i] = PAIRS[2 * (int) v + 1];
            buf[--i] = PAIRS[2 * (int) v];
        } else {
            buf[--i] = (byte) ('0' + v);
        }
        pos = end;
        return this;
    }

    private static int digits(long v) {
        long p = 10;
        for (int d = 1; d < 19; d++) {
            if (v < p) {
                return d;
            }
            p *= 10;
        }
        return 19;
    }

    /** Appends unsigned lowercase hexadecimal without a prefix. */
    public AsciiSink hex(long v) {
        reserve(16);
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(v)) >> 2);
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos++] = HEX[(int) (v >>> (i * 4)) & 0xf];
        }
        return this;
    }

    /** Pads the current line with spaces up to {@code width} characters (Python's {@code ljust}). */
    public AsciiSink padTo(int width) {
        int have = pos - lineStart;
        if (have < width) {
            reserve(width - have);
            have = pos - lineStart;
            while (have++ < width) {
                buf[pos++] = ' ';
            }
        }
        return this;
    }

    /** Ends the line. */
    public AsciiSink newline() {
        reserve(1);
        buf[pos++] = '\n';
        lineStart = pos;
        return this;
    }

    private void drain() {
        write(buf, 0, pos);
        lineStart -= pos;
        pos = 0;
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + TraceException.reason(e), e);
        }
    }

    /** Writes out what is buffered. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + TraceException.reason(e), e);
        }
    }

    @Override
    public void close() {
        drain();
        try {
            out.close();
        } catch (IOException e) {
            throw new TraceException(name + ": write error: " + TraceException.reason(e), e);
        }
    }
}
