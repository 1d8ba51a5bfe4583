package cmt.codec;

import cmt.codec.compact.CompactFormat;
import cmt.codec.legacy.LegacyCmt;

/**
 * The trace encodings cmt reads, recognised by content, never by file name.
 *
 * <p>Detection looks at the first {@value #SNIFF_BYTES} bytes (or fewer, in a shorter input) after any
 * compression has been removed:
 * <ul>
 * <li>a compact file starts with the 8-byte magic {@code 89 43 4D 54 5A 0D 0A 1A}, checked first (no
 *     valid legacy file starts so: its first record would free a block before any exists);</li>
 * <li>a text trace is lines of printable ASCII and tabs, where a comment line (a {@code #} after any
 *     blanks) may hold any UTF-8 text ({@code # café}), and the whole may start with a UTF-8 byte order
 *     mark ({@code EF BB BF});</li>
 * <li>anything else is legacy CMT, which has no magic: its first record ends an integer within ten bytes,
 *     and the last byte of every integer has the high bit set, which neither text nor a comment of valid
 *     UTF-8 followed by a line end can be mistaken for in practice; an input that ends inside such a
 *     comment, with no line end, and has a byte of 0x80 or more among its first ten bytes is legacy CMT
 *     (it holds no event as text).</li>
 * </ul>
 * An empty input is an empty text trace.
 */
public enum Format {
    /** One event per line, plain or tagged (see {@link cmt.codec.text.Syntax}). */
    TEXT,
    /** The original toolset's headerless binary (see {@link cmt.codec.legacy.LegacyCmt}). */
    LEGACY_CMT,
    /** The compact format: checksummed blocks, modelled and range-coded or packed (see {@link cmt.codec.compact.CompactFormat}). */
    COMPACT;

    /** How many leading bytes {@link #detect} wants to see. */
    public static final int SNIFF_BYTES = 512;

    /** The format of a stream whose first {@code n} bytes are {@code head}. */
    public static Format detect(byte[] head, int n) {
        n = Math.min(n, head.length);
        if (CompactFormat.hasMagic(head, n)) {
            return COMPACT;
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return TEXT;
        }
        while (i < n) {
            int s = i;
            while (s < n && (head[s] == ' ' || head[s] == '\t')) {
                s++;
            }
            boolean comment = s < n && head[s] == '#';
            i = comment ? comment(head, s, n) : plain(head, s, n);
            if (i < 0 || comment && i == n && n < SNIFF_BYTES && head[n - 1] != '\n' && highByteIn(head, n)) {
                // The second case: a whole input that ends inside a comment of UTF-8 text is as much a short
                // legacy file (whose first integer ends within ten bytes at a byte of 0x80 or more).
                return LEGACY_CMT;
            }
        }
        return TEXT;
    }

    /** True if a byte of 0x80 or more is among the first bytes a legacy file's first integer may take. */
    private static boolean highByteIn(byte[] b, int n) {
        for (int i = 0; i < Math.min(n, LegacyCmt.MAX_VARINT_BYTES); i++) {
            if ((b[i] & 0x80) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The position after the line of printable ASCII starting at {@code i}, or -1 if it is not one. */
    private static int plain(byte[] b, int i, int n) {
        for (; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == '\n') {
                return i + 1;
            }
            if (!((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\r')) {
                return -1;
            }
        }
        return n;
    }

    /**
     * The position after the comment line of UTF-8 text starting at {@code i}, or -1 if it holds a control
     * byte or is not UTF-8 (a sequence cut off by the end of the sniffed bytes counts as UTF-8).
     */
    private static int comment(byte[] b, int i, int n) {
        while (i < n) {
            int c = b[i] & 0xff;
            if (c == '\n') {
                return i + 1;
            }
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f) {
                    return -1;
                }
                i++;
                continue;
            }
            int more = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (more < 0) {
                return -1;
            }
            for (int k = 1; k <= more; k++) {
                if (i + k >= n) {
                    return n;
                }
                if ((b[i + k] & 0xC0) != 0x80) {
                    return -1;
                }
            }
            i += more + 1;
        }
        return n;
    }
}
