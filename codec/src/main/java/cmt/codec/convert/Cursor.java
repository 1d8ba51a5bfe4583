package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.TraceException;

/**
 * A position in one input line with the small scanners that recorder formats need: words, unsigned
 * decimal and hexadecimal numbers (with or without {@code 0x}), strings of a given length. A number that
 * does not fit in 64 bits or is missing, or a string longer than the rest of the line, is an error naming
 * the line; "does the line look like X" questions return false instead.
 */
final class Cursor {
    private final LineSource where;
    private String s = "";
    private int p;
    private int end;

    Cursor(LineSource where) {
        this.where = where;
    }

    /** Starts scanning {@code text} from {@code from} to its end. */
    Cursor reset(String text, int from) {
        return reset(text, from, text.length());
    }

    /** Starts scanning {@code text} between {@code from} and {@code to}. */
    Cursor reset(String text, int from, int to) {
        s = text;
        p = from;
        end = to;
        return this;
    }

    int position() {
        return p;
    }

    boolean atEnd() {
        return p >= end;
    }

    char peek() {
        return p < end ? s.charAt(p) : '\0';
    }

    /** Skips blanks and tabs. */
    Cursor spaces() {
        while (p < end && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return this;
    }

    /** Consumes {@code w} if the text continues with it. */
    boolean word(String w) {
        if (s.startsWith(w, p) && p + w.length() <= end) {
            p += w.length();
            return true;
        }
        return false;
    }

    /** Consumes {@code c} or fails naming the column. */
    void expect(char c) {
        if (p >= end || s.charAt(p) != c) {
            throw error("expected '" + c + "' at column " + (p + 1));
        }
        p++;
    }

    /** An identifier ({@code [A-Za-z_][A-Za-z0-9_]*}), or "" if none starts here. */
    String identifier() {
        int b = p;
        while (p < end) {
            char c = s.charAt(p);
            if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (p > b && c >= '0' && c <= '9')) {
                p++;
            } else {
                break;
            }
        }
        return s.substring(b, p);
    }

    /** The next {@code n} characters, or an error if the text ends before them. */
    String take(long n) {
        if (n < 0 || n > end - p) {
            throw error("a string of " + Long.toUnsignedString(n) + " bytes runs past the end of the line");
        }
        String t = s.substring(p, p + (int) n);
        p += (int) n;
        return t;
    }

    /** The characters up to the next blank or tab (or the end), possibly none. */
    String token() {
        int b = p;
        while (p < end && s.charAt(p) != ' ' && s.charAt(p) != '\t') {
            p++;
        }
        return s.substring(b, p);
    }

    /** The rest of the text. */
    String rest() {
        String t = s.substring(p, end);
        p = end;
        return t;
    }

    boolean digitNext() {
        return p < end && s.charAt(p) >= '0' && s.charAt(p) <= '9';
    }

    /** An unsigned decimal number up to 2^64-1. */
    long dec() {
        int b = p;
        long v = 0;
        while (p < end && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            int d = s.charAt(p) - '0';
            if (Long.compareUnsigned(v, 0x1999999999999999L) > 0
                    || Long.compareUnsigned(v * 10 + d, v * 10) < 0) {
                throw error("number does not fit in 64 bits");
            }
            v = v * 10 + d;
            p++;
        }
        if (p == b) {
            throw error("expected a decimal number at column " + (b + 1));
        }
        return v;
    }

    /**
     * The unsigned decimal number that is all of {@code text} between {@code from} and {@code to}, read
     * without moving this cursor.
     */
    long decimal(String text, int from, int to) {
        String s0 = s;
        int p0 = p;
        int end0 = end;
        reset(text, from, to);
        long v = dec();
        boolean whole = atEnd();
        reset(s0, p0, end0);
        if (!whole) {
            throw error("expected a decimal number at column " + (from + 1));
        }
        return v;
    }

    /**
     * {@code v}, a thread id or timestamp just read, unless it is 2^64-1: that value stands for "absent"
     * in every format, so a trace cannot carry it.
     */
    long present(long v, String what) {
        if (v == Event.NONE) {
            throw error(what + " " + Long.toUnsignedString(v) + " is reserved: 2^64-1 stands for none");
        }
        return v;
    }

    /** A hexadecimal number with an optional {@code 0x}, up to 16 digits. */
    long hex() {
        if (p + 1 < end && s.charAt(p) == '0' && (s.charAt(p + 1) == 'x' || s.charAt(p + 1) == 'X')) {
            p += 2;
        }
        int b = p;
        long v = 0;
        while (p < end) {
            int d = Character.digit(s.charAt(p), 16);
            if (d < 0) {
                break;
            }
            if (p - b == 16) {
                throw error("hexadecimal number longer than 64 bits");
            }
            v = (v << 4) | d;
            p++;
        }
        if (p == b) {
            throw error("expected a hexadecimal number at column " + (b + 1));
        }
        return v;
    }

    TraceException error(String what) {
        return where.error(what);
    }
}
