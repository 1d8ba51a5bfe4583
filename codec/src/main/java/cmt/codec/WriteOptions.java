package cmt.codec;

import java.nio.charset.StandardCharsets;

/**
 * How a {@link TraceWriter} writes: the one set of choices for every format, each format taking the ones
 * that concern it. Text takes {@code tagged}; the compact format takes the rest, and writes {@code recorder},
 * {@code pageSize}, {@code pointerBits} and {@code events} into its header, where {@link TraceReader#options()}
 * finds them again; legacy CMT takes none.
 *
 * <pre>{@code
 * WriteOptions small = WriteOptions.DEFAULT.withAddresses(false);          // compact, 0.3 bytes/event
 * WriteOptions fast = WriteOptions.DEFAULT.withCoding(WriteOptions.Coding.PACKED); // every block packed
 * WriteOptions plain = WriteOptions.DEFAULT.withTagged(false);             // text as recorders write it
 * }</pre>
 *
 * @param tagged text: the tagged form {@code malloc(8) = 10<1>} rather than the plain {@code malloc(8) = 0x10}
 * @param addresses compact: keep the addresses (else readers get synthetic ones, laid out as by a bump allocator)
 * @param coding compact: how blocks are coded; {@link Coding#CHOSEN} (the default) picks per block
 * @param recorder compact: what recorded the trace (free text, at most {@value #MAX_RECORDER_BYTES} UTF-8 bytes)
 * @param pageSize compact: the recording machine's page size in bytes, 0 if unknown
 * @param pointerBits compact: its pointer width in bits, 0 if unknown
 * @param events compact: the number of events, -1 if unknown when the header is written
 * @param blockEvents compact: events per block, 1 to {@value #MAX_BLOCK_EVENTS}
 */
public record WriteOptions(boolean tagged, boolean addresses, Coding coding, String recorder, long pageSize,
        int pointerBits, long events, int blockEvents) {
    /**
     * How the compact format codes its blocks ({@code FORMAT.md} beside {@code CompactFormat}): modelled
     * blocks are the smallest and, where the trace repeats itself, fast; packed blocks read and write at a
     * few nanoseconds an event whatever the trace, and are larger.
     */
    public enum Coding {
        /**
         * Each block as the writer finds best: modelled when the model copies nearly all of the block's
         * first events from runs (then it is both the smaller and about as fast), else packed.
         */
        CHOSEN,
        /** Every block modelled: the smallest file, read at 7 to 55 M events/s depending on the trace. */
        MODELLED,
        /** Every block packed: read at 40 to 80 M events/s, 1.5 to 2.5 times the modelled size. */
        PACKED
    }

    /** Events per compact block unless chosen otherwise. */
    public static final int DEFAULT_BLOCK_EVENTS = 1 << 18;
    /** The most events a compact block holds. */
    public static final int MAX_BLOCK_EVENTS = 1 << 24;
    /** The longest recorder text, in UTF-8 bytes: a compact header's fields share 64 KiB. */
    public static final int MAX_RECORDER_BYTES = 65_000;

    /**
     * Nothing lost: tagged text, compact with addresses and each block's coding chosen by the writer, of a
     * trace of unknown origin and length from a 64-bit machine with 4 KiB pages.
     */
    public static final WriteOptions DEFAULT = new WriteOptions(true, true, Coding.CHOSEN, "", 4096, 64, -1,
            DEFAULT_BLOCK_EVENTS);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code blockEvents} or the recorder's length is out of range
     */
    public WriteOptions {
        if (coding == null) {
            throw new IllegalArgumentException("coding: null");
        }
        if (recorder == null) {
            throw new IllegalArgumentException("recorder: null (use \"\" for none)");
        }
        if (blockEvents < 1 || blockEvents > MAX_BLOCK_EVENTS) {
            throw new IllegalArgumentException("block size " + blockEvents + " not in [1, 2^24]");
        }
        if (recorder.getBytes(StandardCharsets.UTF_8).length > MAX_RECORDER_BYTES) {
            throw new IllegalArgumentException("recorder text longer than " + MAX_RECORDER_BYTES + " bytes");
        }
    }

    /** These options with the tagged or plain text form. */
    public WriteOptions withTagged(boolean t) {
        return new WriteOptions(t, addresses, coding, recorder, pageSize, pointerBits, events, blockEvents);
    }

    /** These options keeping addresses or not. */
    public WriteOptions withAddresses(boolean a) {
        return new WriteOptions(tagged, a, coding, recorder, pageSize, pointerBits, events, blockEvents);
    }

    /** These options with blocks coded as {@code c} says. */
    public WriteOptions withCoding(Coding c) {
        return new WriteOptions(tagged, addresses, c, recorder, pageSize, pointerBits, events, blockEvents);
    }

    /** These options with the recorder set. */
    public WriteOptions withRecorder(String r) {
        return new WriteOptions(tagged, addresses, coding, r, pageSize, pointerBits, events, blockEvents);
    }

    /** These options with the event count set. */
    public WriteOptions withEvents(long n) {
        return new WriteOptions(tagged, addresses, coding, recorder, pageSize, pointerBits, n, blockEvents);
    }

    /** These options with {@code n} events per compact block. */
    public WriteOptions withBlockEvents(int n) {
        return new WriteOptions(tagged, addresses, coding, recorder, pageSize, pointerBits, events, n);
    }

    /** These options with the machine's page size and pointer width. */
    public WriteOptions withMachine(long page, int bits) {
        return new WriteOptions(tagged, addresses, coding, recorder, page, bits, events, blockEvents);
    }
}
