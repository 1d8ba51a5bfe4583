package cmt.codec.compact.packed;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.compact.BlockEncoder;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.Varint;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.util.Arrays;

/**
 * Writes the payload of a packed block ({@code FORMAT.md}, section 7): the compact format's fast coding,
 * chosen by {@link cmt.codec.WriteOptions#coding()}. Each event becomes a few bytes in up to
 * three streams, which zstd then compresses as one frame each. The bytes are laid out so that a loop in the
 * traced program repeats them exactly (a free names its block by distance in tags, an address by which
 * recent free it reuses), which is what zstd finds cheaply; {@link PackedDecoder} reads them back with a
 * few shifts per event, where the modelled coding makes several adaptive decisions and table updates.
 *
 * <pre>
 * payload := stream(events) [stream(addresses)] [stream(times)]   as the block's flags say
 * stream  := raw varint, packed varint, zstd frame[packed]         raw: the frame's decompressed bytes
 * events  := bump varint, then per event:
 *            head u8                  bits 0-2 operation (0 malloc .. 4 free), bit 3 a tag gap follows
 *            [dist varint]            realloc, free: lastTag + 1 - oldTag
 *            [size varint]            all but free; then [gap varint] if bit 3: tag = lastTag + 1 + gap
 *            [count | alignment]      calloc, aligned (varint)
 *            [thread + 1 varint]      blocks with threads
 *            [site + 1 varint]        all but free, in blocks with call sites (version 5)
 * addresses := per event that creates a block, a code u8 (see {@link FreedAddresses}):
 *            0 the realloc's old address, 1..32 that recent free of the size's class (removed),
 *            33 the top, 34 the top plus a zigzag varint
 * times   := per event, the zigzag varint of its timestamp minus the previous one (0 before the first)
 * </pre>
 */
public final class PackedEncoder implements BlockEncoder {
    /** zstd's default level: on traces of glibc programs level 9 is 7 to 18% smaller and takes about 1.7 times as long. */
    static final int LEVEL = 3;
    /** The event head's bits 0-2: the operation ({@link cmt.codec.compact.OpCode}). */
    static final int HEAD_OP = 7;
    /** The event head's bit 3: a tag gap follows the size. */
    static final int HEAD_GAP = 8;
    static final int ADDRESS_SAME = 0;
    static final int ADDRESS_TOP = FreedAddresses.DEPTH + 1;
    static final int ADDRESS_DELTA = FreedAddresses.DEPTH + 2;
    /** More bytes than one event can put in any stream (a head and 6 varints of at most 10 bytes). */
    static final int MAX_EVENT_BYTES = 64;

    private final Bytes events = new Bytes();
    private final Bytes addresses = new Bytes();
    private final Bytes times = new Bytes();
    private final FreedAddresses freed = new FreedAddresses();
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(LEVEL);
    private byte[] payload = new byte[1 << 16];
    private int payloadBytes;
    private boolean keepAddresses;
    private boolean hasThreads;
    private boolean hasTimes;
    private boolean hasSites;
    private long lastTag;
    private long prevTime;

    @Override
    public void begin(int flags, long lastTagValue, long bump) {
        keepAddresses = (flags & CompactFormat.BLOCK_ADDRESSES) != 0;
        hasThreads = (flags & CompactFormat.BLOCK_THREADS) != 0;
        hasTimes = (flags & CompactFormat.BLOCK_TIMES) != 0;
        hasSites = (flags & CompactFormat.BLOCK_SITES) != 0;
        lastTag = lastTagValue;
        prevTime = 0;
        events.n = addresses.n = times.n = 0;
        freed.clear();
        events.varint(bump);
    }

    @Override
    public void write(Event e) {
        Op op = e.op;
        boolean gap = op.creates() && e.tag != lastTag + 1;
        events.ensure();
        events.put(op.ordinal() | (gap ? HEAD_GAP : 0));
        if (op.releases()) {
            events.varint(lastTag + 1 - e.oldTag);
        }
        if (op.creates()) {
            events.varint(e.size);
            if (gap) {
                events.varint(e.tag - lastTag - 1);
            }
            lastTag = e.tag;
        }
        if (op == Op.CALLOC) {
            events.varint(e.count);
        } else if (op == Op.ALIGNED) {
            events.varint(e.alignment);
        }
        if (hasThreads) {
            events.varint(e.thread + 1);
        }
        if (hasSites && op.creates()) {
            events.varint(e.site + 1);
        }
        if (keepAddresses) {
            address(e);
        }
        if (hasTimes) {
            times.ensure();
            long d = e.timestamp - prevTime;
            times.varint((d << 1) ^ (d >> 63));
            prevTime = e.timestamp;
        }
    }

    private void address(Event e) {
        addresses.ensure();
        if (e.op == Op.FREE) {
            freed.freed(FreedAddresses.sizeClass(e.oldSize), e.oldAddress);
            return;
        }
        int c = FreedAddresses.sizeClass(e.size);
        int k;
        if (e.op == Op.REALLOC && e.address == e.oldAddress) {
            addresses.put(ADDRESS_SAME);
            return;
        } else if ((k = freed.find(c, e.address)) >= 0) {
            freed.take(c, k);
            addresses.put(1 + k);
        } else {
            long d = e.address - freed.top;
            if (d == 0) {
                addresses.put(ADDRESS_TOP);
            } else {
                addresses.put(ADDRESS_DELTA);
                addresses.varint((d << 1) ^ (d >> 63));
            }
            freed.cut(e.address, e.size);
        }
        if (e.op == Op.REALLOC) {
            freed.freed(FreedAddresses.sizeClass(e.oldSize), e.oldAddress);
        }
    }

    /** Compresses the block's streams, each as one zstd frame. */
    @Override
    public int finish() {
        int n = frame(0, events);
        if (keepAddresses) {
            n = frame(n, addresses);
        }
        if (hasTimes) {
            n = frame(n, times);
        }
        payloadBytes = n;
        return n;
    }

    private int frame(int at, Bytes s) {
        long bound = Zstd.compressBound(s.n);
        if (payload.length < at + 20 + bound) {
            payload = Arrays.copyOf(payload, (int) Math.min(CompactFormat.MAX_PAYLOAD, 2 * (at + 20 + bound)));
        }
        int sizeAt = Varint.put(payload, at, s.n);
        // The packed length's varint goes before the frame, which is shorter than the buffer: leave room
        // for the buffer length's varint and close up after.
        int frameAt = sizeAt + Varint.size(payload.length);
        int packed = zstd.compressByteArray(payload, frameAt, payload.length - frameAt, s.b, 0, s.n);
        int end = Varint.put(payload, sizeAt, packed);
        System.arraycopy(payload, frameAt, payload, end, packed);
        return end + packed;
    }

    @Override
    public void payload(Sink out) {
        out.put(payload, 0, payloadBytes);
    }

    @Override
    public int coding() {
        return CompactFormat.BLOCK_PACKED;
    }

    @Override
    public void close() {
        zstd.close();
    }

    /** One stream's bytes, growing as a block fills. */
    private static final class Bytes {
        byte[] b = new byte[1 << 16];
        int n;

        /** Makes room for one event's bytes. */
        void ensure() {
            if (b.length - n < MAX_EVENT_BYTES) {
                b = Arrays.copyOf(b, 2 * b.length);
            }
        }

        void put(int v) {
            b[n++] = (byte) v;
        }

        void varint(long v) {
            n = Varint.put(b, n, v);
        }
    }
}
