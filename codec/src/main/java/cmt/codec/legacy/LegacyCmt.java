package cmt.codec.legacy;

/**
 * The legacy CMT layout: what the original {@code trace2cmt} writes and {@code cmtreplay} reads.
 *
 * <pre>
 * file    := record*                      no header, no magic, no count; ends at a record boundary
 * record  := X(size) X(olddist) [X(newdelta)]   newdelta present only when size != 0
 *
 *   size     requested bytes; 0 means the record is a free
 *   olddist  0 for a malloc, else last + 1 - oldtag  (last before this record; always >= 1)
 *   newdelta newtag - last (1 with sequential tags); then last = newtag
 *   last     the most recent tag written, starting at 0
 *
 * X(v)    := base-128 groups of v, least significant first; the high bit 0x80 marks the LAST byte
 *            (the reverse of LEB128)
 *
 *   value      bytes        value       bytes
 *   0          80           300         2c 82
 *   1          81           4096        00 a0
 *   127        ff           20000       20 1c 81
 *   128        00 81        2^28        00 00 00 00 81
 * </pre>
 *
 * Example: {@code malloc(8) = 10}, {@code realloc(10, 16) = 10}, {@code free(10)} encode to
 * {@code 88 80 81 | 90 81 81 | 80 81}: 8 bytes, the "~3 bytes per event" of the original.
 *
 * <p>The original reader rejected {@code olddist == last} (a free of tag 1) and integers of more than 4
 * bytes (sizes of 2^28 or more) although its writer produced both; this reader accepts both, and up to
 * 10 bytes (64 bits) per integer. Calloc and aligned allocations have no record of their own and are
 * written as malloc.
 */
public final class LegacyCmt {
    /** Most bytes one integer may take (64 bits in 7-bit groups). */
    public static final int MAX_VARINT_BYTES = 10;
    /** Marks the last byte of an integer. */
    public static final int LAST = 0x80;

    private LegacyCmt() {
    }

    /** Writes {@code v} (unsigned) at {@code pos}; returns the new position. */
    public static int putVarint(byte[] buf, int pos, long v) {
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            buf[pos++] = (byte) (v & 0x7f);
            v >>>= 7;
        }
        buf[pos++] = (byte) (v | LAST);
        return pos;
    }

    /** Bytes {@link #putVarint} writes for {@code v}. */
    public static int varintLength(long v) {
        int n = 1;
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
