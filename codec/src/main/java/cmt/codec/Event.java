package cmt.codec;

import cmt.codec.text.TextWriter;

/**
 * One heap operation, as a reader hands it out: a mutable holder that readers refill in place so that a
 * pass over 10^9 events allocates nothing per event. Copy what you keep; {@link #copy()} makes a
 * snapshot.
 *
 * <p>Addresses and sizes are unsigned 64-bit values held in {@code long}s: compare them with
 * {@link Long#compareUnsigned} and print them with {@link Long#toUnsignedString} or
 * {@link Long#toHexString}. Fields that a source does not carry hold {@link #NONE}.
 *
 * <p>Example: the text line {@code realloc(81d220b48<6655>, 16) = 81d3b83a0<6656>} read as the 42nd event
 * of a trace has {@code op = REALLOC, size = 16, address = 0x81d3b83a0, tag = 6656,
 * oldAddress = 0x81d220b48, oldTag = 6655, index = 41}, and {@code oldSize}/{@code oldIndex} describe the
 * block being replaced.
 */
public final class Event {
    /** Value of a field the source does not carry (thread, timestamp, site, line). */
    public static final long NONE = -1;

    /** The operation. */
    public Op op;
    /** Requested bytes of the new block (0 for a free). For calloc, count times element size. */
    public long size;
    /** Address of the new block; 0 for a free. */
    public long address;
    /** Tag of the new block: allocations are numbered from 1 in trace order; 0 for a free. */
    public long tag;
    /** Address of the block a free or realloc ends; 0 for allocations. */
    public long oldAddress;
    /** Tag of the block a free or realloc ends; 0 for allocations. */
    public long oldTag;
    /** Requested size of the block a free or realloc ends; 0 for allocations. */
    public long oldSize;
    /** Event index (0-based) at which the ended block was created; {@link #NONE} for allocations. */
    public long oldIndex;
    /** Source line (1-based) at which the ended block was created, or {@link #NONE}. */
    public long oldLine;
    /** Element count of a calloc (size is the product); 1 otherwise. */
    public long count = 1;
    /** Alignment of an {@link Op#ALIGNED} allocation; 0 otherwise. */
    public long alignment;
    /** Thread id, or {@link #NONE}. */
    public long thread = NONE;
    /** Timestamp in nanoseconds, or {@link #NONE}. */
    public long timestamp = NONE;
    /**
     * Call site of an allocation (every operation but free): an id into the trace's {@link Sites}, or
     * {@link #NONE}.
     */
    public long site = NONE;
    /** Position of this event in the trace, from 0. */
    public long index;
    /**
     * Source line (1-based) for text, or {@link #NONE} for binary sources and for the free a lenient
     * reader inserts before an allocation that reuses a live address (it has no line of its own).
     */
    public long line = NONE;

    /** Sets every field to its empty value. */
    public Event clear() {
        op = null;
        size = address = tag = oldAddress = oldTag = oldSize = alignment = 0;
        count = 1;
        oldIndex = oldLine = thread = timestamp = site = line = NONE;
        index = 0;
        return this;
    }

    /** Copies every field of {@code other} into this event. */
    public Event set(Event other) {
        op = other.op;
        size = other.size;
        address = other.address;
        tag = other.tag;
        oldAddress = other.oldAddress;
        oldTag = other.oldTag;
        oldSize = other.oldSize;
        oldIndex = other.oldIndex;
        oldLine = other.oldLine;
        count = other.count;
        alignment = other.alignment;
        thread = other.thread;
        timestamp = other.timestamp;
        site = other.site;
        index = other.index;
        line = other.line;
        return this;
    }

    /** A snapshot of this event. */
    public Event copy() {
        return new Event().set(this);
    }

    /** The event in the tagged text form, e.g. {@code malloc(8) = 10<1>}. */
    @Override
    public String toString() {
        return TextWriter.format(this, true);
    }

    /**
     * The bytes {@code calloc(count, each)} asks for, both unsigned as {@code size_t} is.
     *
     * @throws ArithmeticException if the product needs more than 64 bits
     */
    public static long callocSize(long count, long each) {
        if (Math.unsignedMultiplyHigh(count, each) != 0) {
            throw new ArithmeticException("calloc size overflows 64 bits");
        }
        return count * each;
    }
}
