package cmt.codec.compact;

import cmt.codec.Event;

/**
 * How a {@link CompactWriter} turns the events of a block into its payload: modelled and range-coded
 * ({@code ModelledEncoder}), packed into zstd frames ({@code PackedEncoder}), or either, chosen per block
 * ({@link ChosenEncoder}, the default); each block's flags say which. The writer owns everything around the payload: block headers, checksums, the index
 * and the live blocks, whose ended block it puts in each event's old-block fields before {@link #write}.
 */
public interface BlockEncoder {
    /** Where a payload goes, piece by piece. */
    interface Sink {
        void put(byte[] b, int off, int len);
    }

    /** Starts a block with the given flags, after {@code lastTag}; {@code bump} is the next synthetic address. */
    void begin(int flags, long lastTag, long bump);

    /** Codes one resolved event. */
    void write(Event e);

    /** Ends the block; returns its payload's length in bytes, which {@link #payload} then hands out. */
    int finish();

    /** {@link CompactFormat#BLOCK_PACKED} if the block {@link #finish} ended is packed, else 0. */
    int coding();

    /** Hands the payload of the block {@link #finish} ended to {@code out}, in order. */
    void payload(Sink out);

    /** Gives back what the encoder holds (tables, native memory); it must not be used again. */
    void close();
}
