package cmt.codec.compact.packed;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.compact.BlockDecoder;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.Varint;
import cmt.codec.compact.ZstdFrame;
import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * Reads the payload of a packed block (layout in {@link PackedEncoder}, specification in {@code FORMAT.md}
 * section 7): inflates its streams, then hands out one event at a time in two steps, like the modelled
 * coding, so that the reader can look up the ended block between them: the events stream's fields
 * ({@link EventsStream}, which this class extends for speed), then the address and the timestamp. Every
 * number read is checked against its stream ({@link Varint.Reader}: nothing is read past a stream's end)
 * and against the block (distances name a tag handed out, address codes a recent free that exists,
 * streams end exactly at the block's last event); a failed check is an {@link IllegalStateException}
 * whose message the reader turns into an error naming the block.
 */
public final class PackedDecoder extends EventsStream implements BlockDecoder {
    private static final byte[] EMPTY = {};
    private static final int SLACK = Varint.Reader.PADDING;

    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    private final FreedAddresses freed = new FreedAddresses();
    // Each stream's reader first reads the stream's lengths in the payload, then its inflated bytes; the
    // events stream's reader is this object (see EventsStream).
    private final Varint.Reader addresses = new Varint.Reader("addresses stream");
    private final Varint.Reader times = new Varint.Reader("times stream");
    /** The inflated streams: events, addresses, times. */
    private final byte[][] buffers = {new byte[1 << 16], new byte[1 << 12], new byte[1 << 12]};
    private boolean keepAddresses;
    private boolean hasTimes;
    private long prevTime;

    /** Inflates the block's streams: memory grows with what the frames hold, never with a length they claim. */
    @Override
    public long begin(int flags, long lastTag, byte[] payload, int size, int events) {
        keepAddresses = (flags & CompactFormat.BLOCK_ADDRESSES) != 0;
        hasTimes = (flags & CompactFormat.BLOCK_TIMES) != 0;
        prevTime = 0;
        freed.clear();
        long most = (long) events * PackedEncoder.MAX_EVENT_BYTES;
        int at = inflate(payload, 0, size, most, this, 0);
        at = keepAddresses ? inflate(payload, at, size, most, addresses, 1) : none(addresses, at);
        at = hasTimes ? inflate(payload, at, size, most, times, 2) : none(times, at);
        if (at != size) {
            throw new IllegalStateException((size - at) + " bytes after the last stream");
        }
        return beginEvents(lastTag, flags);
    }

    /** Leaves a stream the block lacks empty, so that it is read to its end; returns {@code at}. */
    private static int none(Varint.Reader stream, int at) {
        stream.over(EMPTY, 0, 0);
        return at;
    }

    /**
     * Inflates one stream, whose lengths start at {@code payload[at]}, into buffer {@code which} and
     * points its reader there; returns where the next stream starts.
     */
    private int inflate(byte[] payload, int at, int size, long most, Varint.Reader stream, int which) {
        String what = stream.name();
        stream.over(payload, at, size);
        long raw = stream.varint();
        long packed = stream.varint();
        at = stream.at();
        if (Long.compareUnsigned(raw, most) > 0) {
            throw new IllegalStateException(what + " of " + Long.toUnsignedString(raw)
                    + " bytes is more than its events can hold");
        }
        if (Long.compareUnsigned(packed, size - at) > 0) {
            throw new IllegalStateException(what + " of " + Long.toUnsignedString(packed) + " bytes overruns the payload");
        }
        byte[] b = ZstdFrame.inflate(zstd, payload, at, (int) packed, raw, buffers[which], SLACK, what);
        int have = (int) raw;
        buffers[which] = b;
        stream.over(b, 0, have);
        return at + (int) packed;
    }

    /** Reads the address and the timestamp, from their streams. */
    @Override
    public void rest(Event e) {
        if (keepAddresses) {
            // A realloc that keeps its address (code 0) frees nothing; any other ends its block as a free does.
            boolean ends = e.op.creates() ? address(e) && e.op == Op.REALLOC : true;
            if (ends) {
                freed.freed(FreedAddresses.sizeClass(e.oldSize), e.oldAddress);
            }
        }
        if (hasTimes) {
            long z = times.varint();
            e.timestamp = prevTime + ((z >>> 1) ^ -(z & 1));
            prevTime = e.timestamp;
        }
    }

    /** Reads the address of a new block; false if it is a realloc's old address (code 0), which frees nothing. */
    private boolean address(Event e) {
        int c = addresses.u8();
        if (c == PackedEncoder.ADDRESS_SAME) {
            if (e.op != Op.REALLOC) {
                throw new IllegalStateException("address code 0 on a " + e.op.name().toLowerCase());
            }
            e.address = e.oldAddress;
            return false;
        }
        if (c <= FreedAddresses.DEPTH) {
            int sc = FreedAddresses.sizeClass(e.size);
            if (c > freed.count(sc)) {
                throw new IllegalStateException("address code " + c + " names a free that was not made");
            }
            e.address = freed.take(sc, c - 1);
            return true;
        }
        if (c == PackedEncoder.ADDRESS_TOP) {
            e.address = freed.top;
        } else if (c == PackedEncoder.ADDRESS_DELTA) {
            long z = addresses.varint();
            e.address = freed.top + ((z >>> 1) ^ -(z & 1));
        } else {
            throw new IllegalStateException("bad address code " + c);
        }
        freed.cut(e.address, e.size);
        return true;
    }

    /** Checks that every stream ended with the block's last event. */
    @Override
    public void end() {
        if (!atEnd() || !addresses.atEnd() || !times.atEnd()) {
            throw new IllegalStateException("streams hold bytes after the block's last event");
        }
    }

    @Override
    public void close() {
        zstd.close();
    }
}
