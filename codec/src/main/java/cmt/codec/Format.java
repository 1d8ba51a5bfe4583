package cmt.codec;

import cmt.codec.compact.CompactFormat;

/**
 * The trace encodings cmt reads, recognised by content, never by file name.
 *
 * <p>Detection looks at the first bytes after any compression has been removed:
 * <ul>
 * <li>a text trace is printable ASCII, tabs and line ends, so a control byte or a byte of 0x80 or more
 *     among the first bytes means binary;</li>
 * <li>a legacy CMT file has no magic, but its first record ends an integer within ten bytes, and the last
 *     byte of every integer has the high bit set: a byte of 0x80 or more among the first ten bytes
 *     therefore means binary;</li>
 * <li>a compact file starts with the 8-byte magic {@code 89 43 4D 54 5A 0D 0A 1A}, checked first (no
 *     valid legacy file starts so: its first record would free a block before any exists).</li>
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
    public static final int SNIFF_BYTES = 16;

    /** The format of a stream whose first {@code n} bytes are {@code head}. */
    public static Format detect(byte[] head, int n) {
        if (CompactFormat.hasMagic(head, n)) {
            return COMPACT;
        }
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            boolean text = (b >= 0x20 && b < 0x7f) || b == '\t' || b == '\n' || b == '\r';
            if (!text) {
                return LEGACY_CMT;
            }
        }
        return TEXT;
    }
}
