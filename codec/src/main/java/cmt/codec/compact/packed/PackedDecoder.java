package cmt.codec.compact.packed;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.BlockDecoder;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the payload of a packed block (layout in {@link PackedEncoder}, specification in {@code FORMAT.md}
 * section 7): inflates its streams, then hands out one event at a time in two steps, like the modelled
 * coding, so that the reader can look up the ended block between them. Every number read is checked
 * against the block (distances name a tag handed out, address codes a recent free that exists, streams end
 * exactly at the block's last event); a failed check is an {@link IllegalStateException} whose message the
 * reader turns into an error naming the block.
 */
public final class PackedDecoder implements BlockDecoder {
    private static final int SLACK = PackedEncoder.MAX_EVENT_BYTES;

    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    private final FreedAddresses freed = new FreedAddresses();
    private byte[] ev = new byte[1 << 16];
    private byte[] ad = new byte[1 << 12];
    private byte[] tm = new byte[1 << 12];
    private int evAt;
    private int evEnd;
    private int adAt;
    private int adEnd;
    private int tmAt;
    private int tmEnd;
    private boolean keepAddresses;
    private boolean hasThreads;
    private boolean hasTimes;
    private boolean tagGaps;
    private long lastTag;
    private long prevTime;

    /** Inflates the block's streams: memory grows with what the frames hold, never with a length they claim. */
    @Override
    public long begin(int flags, long lastTagValue, byte[] payload, int size, int events) {
        keepAddresses = (flags & CompactFormat.BLOCK_ADDRESSES) != 0;
        hasThreads = (flags & CompactFormat.BLOCK_THREADS) != 0;
        hasTimes = (flags & CompactFormat.BLOCK_TIMES) != 0;
        tagGaps = (flags & CompactFormat.BLOCK_TAG_GAPS) != 0;
        lastTag = lastTagValue;
        prevTime = 0;
        freed.clear();
        long most = (long) events * PackedEncoder.MAX_EVENT_BYTES;
        int at = 0;
        at = inflate(payload, at, size, most, "events", 0);
        if (keepAddresses) {
            at = inflate(payload, at, size, most, "addresses", 1);
        }
        if (hasTimes) {
            at = inflate(payload, at, size, most, "times", 2);
        }
        if (at != size) {
            throw new IllegalStateException((size - at) + " bytes after the last stream");
        }
        evAt = adAt = tmAt = 0;
        return varint();
    }

    /** Inflates one stream into its buffer; returns where the next stream starts. */
    private int inflate(byte[] payload, int at, int size, long most, String what, int which) {
        long[] v = new long[1];
        at = header(payload, at, size, v, what);
        long raw = v[0];
        at = header(payload, at, size, v, what);
        long packed = v[0];
        if (raw > most) {
            throw new IllegalStateException(what + " stream of " + raw + " bytes is more than its events can hold");
        }
        if (packed > size - at) {
            throw new IllegalStateException(what + " stream of " + packed + " bytes overruns the payload");
        }
        byte[] b = which == 0 ? ev : which == 1 ? ad : tm;
        int have = 0;
        zstd.reset();
        ByteBuffer src = ByteBuffer.wrap(payload, at, (int) packed);
        try {
            while (true) {
                // Room for one byte more than the stream claims, so that a frame holding more is caught.
                int cap = b.length - SLACK;
                if (have == cap) {
                    b = Arrays.copyOf(b, (int) Math.min(raw + 1, Math.max(2L * cap, 1 << 12)) + SLACK);
                    cap = b.length - SLACK;
                }
                ByteBuffer dst = ByteBuffer.wrap(b, have, (int) Math.min(cap, raw + 1) - have);
                int before = src.position();
                boolean flushed = zstd.decompressByteBufferStream(dst, src);
                int got = dst.position() - have;
                have = dst.position();
                if (have > raw) {
                    throw new IllegalStateException(what + " stream holds more than its " + raw + " bytes");
                }
                if (flushed) {
                    // The frame has ended; the stream must end with it (no second or skippable frame).
                    if (src.hasRemaining()) {
                        throw new IllegalStateException(what + " stream: " + src.remaining() + " bytes after its zstd frame");
                    }
                    break;
                }
                if (got == 0 && src.position() == before) {
                    throw new IllegalStateException(what + " stream: zstd frame cut short");
                }
            }
        } catch (ZstdException ex) {
            throw new IllegalStateException(what + " stream: zstd: " + ex.getMessage());
        }
        if (have != raw) {
            throw new IllegalStateException(what + " stream holds " + have + " bytes, not " + raw);
        }
        Arrays.fill(b, have, have + SLACK, (byte) 0);
        switch (which) {
            case 0 -> { ev = b; evEnd = have; }
            case 1 -> { ad = b; adEnd = have; }
            default -> { tm = b; tmEnd = have; }
        }
        return at + (int) packed;
    }

    private static int header(byte[] p, int at, int size, long[] out, String what) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            if (at == size || shift > 28) {
                throw new IllegalStateException(what + " stream: bad length");
            }
            int b = p[at++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                out[0] = v;
                return at;
            }
        }
    }

    /** Reads the event's fields from the events stream, its thread included. */
    @Override
    public void token(Event e) {
        int head = ev[evAt++];
        int code = head & 7;
        if ((head & ~(7 | PackedEncoder.HEAD_GAP)) != 0 || code > 4) {
            throw new IllegalStateException("bad event head " + (head & 0xFF));
        }
        Op op = Op.of(code);
        e.op = op;
        if (code >= 3) {
            long dist = varint();
            if (dist == 0 || Long.compareUnsigned(dist, lastTag) > 0) {
                throw new IllegalStateException("free distance " + Long.toUnsignedString(dist)
                        + " refers to no block (last tag " + lastTag + ")");
            }
            e.oldTag = lastTag + 1 - dist;
        }
        if (code != 4) {
            e.size = varint();
            long gap = 0;
            if ((head & PackedEncoder.HEAD_GAP) != 0) {
                if (!tagGaps) {
                    throw new IllegalStateException("tag gap in a block without gaps");
                }
                gap = varint();
            }
            long tag = lastTag + gap + 1;
            if (Long.compareUnsigned(tag, lastTag) <= 0) {
                throw new IllegalStateException("tag gap " + Long.toUnsignedString(gap) + " runs past 2^64");
            }
            lastTag = tag;
            e.tag = tag;
        } else if (head != code) {
            throw new IllegalStateException("tag gap on a free");
        }
        if (code == 1) {
            e.count = varint();
        } else if (code == 2) {
            e.alignment = varint();
        }
        if (hasThreads) {
            e.thread = varint() - 1;
        }
        if (evAt > evEnd) {
            throw new IllegalStateException("events stream ends inside an event");
        }
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
            long z = timeVarint();
            e.timestamp = prevTime + ((z >>> 1) ^ -(z & 1));
            prevTime = e.timestamp;
        }
    }

    /** Reads the address of a new block; false if it is a realloc's old address (code 0), which frees nothing. */
    private boolean address(Event e) {
        if (adAt >= adEnd) {
            throw new IllegalStateException("addresses stream ends early");
        }
        int c = ad[adAt++] & 0xFF;
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
            long p = adAt;
            long z = addressVarint();
            if (adAt > adEnd) {
                throw new IllegalStateException("addresses stream ends inside the address at " + p);
            }
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
        if (evAt != evEnd || adAt != (keepAddresses ? adEnd : 0) || tmAt != (hasTimes ? tmEnd : 0)) {
            throw new IllegalStateException("streams hold bytes after the block's last event");
        }
    }

    private long varint() {
        byte[] b = ev;
        int p = evAt;
        int x = b[p++];
        if (x >= 0) {
            evAt = p;
            return x;
        }
        long v = x & 0x7F;
        for (int shift = 7; ; shift += 7) {
            x = b[p++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                evAt = p;
                return v;
            }
            if (shift == 63) {
                throw new IllegalStateException("number longer than 64 bits in the events stream");
            }
        }
    }

    private long addressVarint() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = ad[adAt++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
            if (shift == 63) {
                throw new IllegalStateException("number longer than 64 bits in the addresses stream");
            }
        }
    }

    private long timeVarint() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            if (tmAt >= tmEnd) {
                throw new IllegalStateException("times stream ends early");
            }
            int x = tm[tmAt++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
            if (shift == 63) {
                throw new IllegalStateException("number longer than 64 bits in the times stream");
            }
        }
    }

    @Override
    public void close() {
        zstd.close();
    }
}
