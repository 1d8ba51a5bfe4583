package cmt.codec.compact;

import cmt.codec.Event;

/**
 * How a {@link CompactParser} reads the events of a block back from its payload: modelled
 * ({@code ModelledDecoder}) or packed ({@code PackedDecoder}), as the file header says. An event comes
 * out in two steps so that the reader can look up the block it ends between them. A payload that
 * disagrees with itself is an {@link IllegalStateException} whose message the reader turns into an
 * error naming the block.
 */
public interface BlockDecoder {
    /**
     * Starts a block whose payload ({@code size} bytes from 0, checksum verified) holds {@code events}
     * events, after {@code lastTag}; returns the next synthetic address.
     */
    long begin(int flags, long lastTag, byte[] payload, int size, int events);

    /**
     * Reads an event's operation, size, count or alignment, new tag, and the tag of the block it ends
     * ({@code oldTag}); the caller then fills the ended block's address and size before {@link #rest}.
     */
    void token(Event e);

    /** Reads the rest of the event {@link #token} began: address, thread, timestamp. */
    void rest(Event e);

    /** Checks, after the block's last event, that the payload held nothing more. */
    void end();

    /** Gives back what the decoder holds; it must not be used again. */
    void close();
}
