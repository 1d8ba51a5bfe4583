package cmt.codec;

/**
 * What a compact file says about itself before its events: what recorded the trace, the page size and
 * pointer width of the machine, whether addresses were kept, and the event count when the writer knew it.
 *
 * @param recorder what recorded the trace (free text, may be empty)
 * @param pageSize page size in bytes, 0 if unknown
 * @param pointerBits pointer width in bits, 0 if unknown
 * @param events number of events, -1 if unknown when the header was written
 * @param addresses true if the file keeps the addresses
 * @param packed true if the blocks are packed (version 4 on): zstd over a few bytes per event, several
 *        times faster to read and write than the default modelled blocks, and larger
 */
public record CompactHeader(String recorder, long pageSize, int pointerBits, long events, boolean addresses,
        boolean packed) {
    /** A header for a trace of unknown origin and length, from a 64-bit machine with 4 KiB pages, modelled. */
    public static CompactHeader of(boolean addresses) {
        return new CompactHeader("", 4096, 64, -1, addresses, false);
    }

    /**
     * The longest recorder text, in UTF-8 bytes, a header may carry: its fields share 64 KiB with the page
     * size, pointer width and event count.
     */
    public static final int MAX_RECORDER_BYTES = 65_000;

    /** True if {@code recorder} is too long for a header ({@link #MAX_RECORDER_BYTES}). */
    public static boolean recorderTooLong(String recorder) {
        return CompactFormat.utf8(recorder).length > MAX_RECORDER_BYTES;
    }

    /** This header with the recorder set. */
    public CompactHeader withRecorder(String r) {
        return new CompactHeader(r, pageSize, pointerBits, events, addresses, packed);
    }

    /** This header with the event count set. */
    public CompactHeader withEvents(long n) {
        return new CompactHeader(recorder, pageSize, pointerBits, n, addresses, packed);
    }

    /** This header with packed blocks, or modelled ones. */
    public CompactHeader withPacked(boolean p) {
        return new CompactHeader(recorder, pageSize, pointerBits, events, addresses, p);
    }
}
