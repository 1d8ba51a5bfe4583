package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.WriteOptions;
import cmt.codec.compact.modelled.ModelledEncoder;
import cmt.codec.compact.packed.PackedEncoder;
import cmt.codec.resolve.Resolver;
import com.github.luben.zstd.Zstd;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes the compact format (see {@link CompactFormat}): events are modelled and range-coded as they come
 * ({@code EventModel}), or packed into zstd-compressed byte streams ({@code PackedEncoder}), each block as
 * {@link WriteOptions#coding()} says ({@link ChosenEncoder} by default), a block at a time, so memory follows the live blocks and the block size, never
 * the trace length.
 *
 * <p>The writer keeps its own map of live blocks by tag and codes a free from that map, not from the
 * event's copy of the ended block, so whatever it accepts it can read back. Events must be resolved (as
 * every {@link TraceReader} hands them out): tags increasing, frees and reallocs naming a live tag.
 */
public final class CompactWriter implements TraceWriter {
    private final OutputStream out;
    private final String name;
    private final boolean addresses;
    private final int blockEvents;
    private final BlockEncoder blocks;
    private final TagWindow live = TagWindow.take();
    private final LongArrayList indexFirst = new LongArrayList();
    private final LongArrayList indexOffset = new LongArrayList();
    private final ByteBuffer head = ByteBuffer.allocate(CompactFormat.BLOCK_HEADER + 4).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final byte[] word = new byte[10];
    private final Event scratch = new Event();
    private int flags;
    private int inBlock;
    private long written;
    private long events;
    private long bump = Resolver.SYNTHETIC_BASE;
    private long lastTag;
    private boolean closed;

    /** A writer of a file with the header and block size of {@code options}; {@code name} is used in messages. */
    public CompactWriter(OutputStream out, String name, WriteOptions options) {
        this.out = out;
        this.name = name;
        this.addresses = options.addresses();
        this.blockEvents = options.blockEvents();
        this.blocks = switch (options.coding()) {
            case CHOSEN -> new ChosenEncoder();
            case MODELLED -> new ModelledEncoder();
            case PACKED -> new PackedEncoder();
        };
        writeHeader(options);
    }

    private void writeHeader(WriteOptions h) {
        ByteBuffer f = ByteBuffer.allocate(1 << 16);
        field(f, CompactFormat.KEY_RECORDER, CompactFormat.utf8(h.recorder()));
        field(f, CompactFormat.KEY_PAGE_SIZE, h.pageSize());
        field(f, CompactFormat.KEY_POINTER_BITS, h.pointerBits());
        if (h.events() >= 0) {
            field(f, CompactFormat.KEY_EVENTS, h.events());
        }
        ByteBuffer b = ByteBuffer.allocate(12 + f.position() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(CompactFormat.MAGIC).put((byte) CompactFormat.VERSION)
                .put((byte) (addresses ? CompactFormat.FLAG_ADDRESSES : 0))
                .putShort((short) f.position())
                .put(f.array(), 0, f.position());
        crc.reset();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        emit(b.array(), 0, b.position());
    }

    private static void field(ByteBuffer f, int key, long value) {
        byte[] v = new byte[Varint.MAX_BYTES];
        field(f, key, Arrays.copyOf(v, Varint.put(v, 0, value)));
    }

    private static void field(ByteBuffer f, int key, byte[] value) {
        if (f.remaining() < value.length + 4) {
            throw new IllegalArgumentException("compact header fields longer than 64 KiB");
        }
        int at = Varint.put(f.array(), f.position(), key);
        f.position(Varint.put(f.array(), at, value.length)).put(value);
    }

    /** The trace's call sites, written after the last block (a recorder may fill them until then). */
    private Sites sites;

    @Override
    public void sites(Sites table) {
        this.sites = table;
    }

    @Override
    public void write(Event event) {
        Event e = scratch.set(event);
        if (closed) {
            throw new IllegalStateException(name + ": writer closed");
        }
        int need = (e.thread != Event.NONE ? CompactFormat.BLOCK_THREADS : 0)
                | (e.timestamp != Event.NONE ? CompactFormat.BLOCK_TIMES : 0)
                | (e.op.creates() && e.tag != lastTag + 1 ? CompactFormat.BLOCK_TAG_GAPS : 0)
                | (e.op.creates() && e.site != Event.NONE ? CompactFormat.BLOCK_SITES : 0);
        if (inBlock > 0 && ((need & ~flags) != 0 || inBlock == blockEvents)) {
            endBlock();
        }
        if (inBlock == 0) {
            startBlock(need | flags);
        }
        if (e.op.releases() && !live.take(e.oldTag, e)) {
            throw new TraceException(name + ": event " + events + ": " + e.op.name().toLowerCase()
                    + " of tag " + e.oldTag + ", which is not live (events must be resolved)");
        }
        if (e.op.creates() && Long.compareUnsigned(e.tag, lastTag) <= 0) {
            throw new TraceException(name + ": event " + events + ": tag " + Long.toUnsignedString(e.tag)
                    + " not greater than the previous tag " + lastTag);
        }
        blocks.write(e);
        if (e.op.creates()) {
            lastTag = e.tag;
            live.add(e.tag, e.address, e.size, events);
            // Kept addresses are the trace's own; only a file without them needs a layout that fits.
            long at = bump == 0 ? 0 : Resolver.synthetic(bump, e);
            long next = at == 0 ? 0 : Resolver.nextBump(at, e.size);
            if (next == 0 && !addresses) {
                throw new TraceException(name + ": event " + events + ": " + Resolver.exhausted(bump, e.size));
            }
            bump = next;
        }
        inBlock++;
        events++;
    }

    private void startBlock(int blockFlags) {
        flags = (blockFlags & ~CompactFormat.BLOCK_PACKED) | (addresses ? CompactFormat.BLOCK_ADDRESSES : 0);
        head.clear();
        head.putInt(CompactFormat.BLOCK_MARKER).putInt(0).putInt(0).putInt(flags).putLong(events)
                .putLong(lastTag);
        blocks.begin(flags, lastTag, bump);
        indexFirst.add(events);
        indexOffset.add(written);
    }

    /** Writes the block: header, payload, the payload's checksum. */
    private void endBlock() {
        blockHeader(blocks.finish());
        crc.reset();
        blocks.payload((b, off, len) -> {
            crc.update(b, off, len);
            emit(b, off, len);
        });
        emitInt((int) crc.getValue());
        inBlock = 0;
    }

    private void blockHeader(int payload) {
        head.putInt(4, payload).putInt(8, inBlock).putInt(12, flags | blocks.coding());
        crc.reset();
        crc.update(head.array(), 0, CompactFormat.BLOCK_HEADER);
        head.putInt(CompactFormat.BLOCK_HEADER, (int) crc.getValue());
        emit(head.array(), 0, CompactFormat.BLOCK_HEADER + 4);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (inBlock > 0) {
            endBlock();
        }
        blocks.close();
        live.give();
        long sitesAt = sites == null || sites.isEmpty() ? 0 : writeSites();
        long indexAt = written;
        int blocks = indexFirst.size();
        ByteBuffer b = ByteBuffer.allocate((int) CompactFormat.indexBytes(CompactFormat.VERSION, blocks) + CompactFormat.FOOTER)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(CompactFormat.INDEX_MARKER).putInt(blocks).putLong(events).putLong(sitesAt);
        for (int i = 0; i < blocks; i++) {
            b.putLong(indexFirst.getLong(i)).putLong(indexOffset.getLong(i));
        }
        crc.reset();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        b.putLong(indexAt).put(CompactFormat.END_MAGIC);
        emit(b.array(), 0, b.position());
        try {
            out.close();
        } catch (IOException ex) {
            throw new TraceException(name + ": write error: " + TraceException.reason(ex), ex);
        }
    }

    /** Writes the sites section; returns its offset. */
    private long writeSites() {
        long at = written;
        byte[] table;
        try {
            table = SiteTable.write(sites);
        } catch (IllegalArgumentException ex) {
            throw new TraceException(name + ": " + ex.getMessage());
        }
        // Stacks repeat one another's frame lists: zstd takes the table to about a tenth.
        byte[] frame = Zstd.compress(table, SiteTable.ZSTD_LEVEL);
        byte[] raw = new byte[Varint.MAX_BYTES];
        int rawBytes = Varint.put(raw, 0, table.length);
        crc.reset();
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(CompactFormat.SITES_MARKER).putInt(rawBytes + frame.length);
        crc.update(h.array(), 0, 8);
        crc.update(raw, 0, rawBytes);
        crc.update(frame, 0, frame.length);
        emit(h.array(), 0, 8);
        emit(raw, 0, rawBytes);
        emit(frame, 0, frame.length);
        emitInt((int) crc.getValue());
        return at;
    }

    /** Events written so far. */
    public long events() {
        return events;
    }

    private void emitInt(int v) {
        for (int i = 0; i < 4; i++) {
            word[i] = (byte) (v >>> (8 * i));
        }
        emit(word, 0, 4);
    }

    private void emit(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
            written += len;
        } catch (IOException ex) {
            throw new TraceException(name + ": write error: " + TraceException.reason(ex), ex);
        }
    }
}
