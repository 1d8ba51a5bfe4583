package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import cmt.codec.WriteOptions;
import cmt.codec.compact.modelled.ModelledDecoder;
import cmt.codec.compact.packed.PackedDecoder;
import cmt.codec.resolve.EventParser;
import cmt.codec.resolve.Resolver;
import com.github.luben.zstd.ZstdDecompressCtx;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads the compact format (see {@link CompactFormat}) as a stream: each block is read whole, its
 * checksums verified, then its events decoded one at a time. Events come out resolved (the format
 * carries tags and the live blocks are tracked here), so the {@link Resolver} passes them through.
 *
 * <p>A damaged block stops the reader with an error naming the block and its byte offset; every event of
 * the blocks before it has been handed out. Sizes declared in a header are checked against the format's
 * limits, and a payload buffer grows only as bytes actually arrive, so a hostile header cannot make the
 * reader allocate more than the input holds.
 */
public final class CompactParser implements EventParser {
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final String name;
    /** The decoder of the current block, one of the two below (made when a block first needs it). */
    private BlockDecoder blocks;
    private ModelledDecoder modelled;
    private PackedDecoder packed;
    /** Versions 4 and 5: the header's flag, packed blocks throughout. */
    private boolean allPacked;
    private final TagWindow live = TagWindow.take();
    private final CRC32C crc = new CRC32C();
    private final byte[] head = new byte[CompactFormat.BLOCK_HEADER + 4];
    private final ByteBuffer headView = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    private final WriteOptions header;
    private final LongArrayList seenFirst = new LongArrayList();
    private final LongArrayList seenOffset = new LongArrayList();
    private byte[] payload = new byte[CHUNK];
    private long offset;
    private long blockOffset;
    private int block = -1;
    private int left;
    private long index;
    /** Without addresses: the synthetic address of the next block made (every block's registers repeat it). */
    private long bump = Resolver.SYNTHETIC_BASE;
    /** The tag of the last block created so far: where the next block's tags must continue. */
    private long lastTag;
    private boolean addresses;
    private boolean done;
    private int version;
    /** The sites section's table, once read (it follows the last block); its offset, 0 if none. */
    private final Sites sites = new Sites();
    private long sitesAt;

    /** A parser of {@code in}, whose header it reads at once; {@code name} is used in messages. */
    public CompactParser(InputStream in, String name) {
        this.in = in;
        this.name = name;
        this.header = readHeader();
    }

    @Override
    public Optional<WriteOptions> options() {
        return Optional.of(header);
    }

    @Override
    public boolean keyedByTag() {
        return true;
    }

    @Override
    public boolean resolves() {
        return true;
    }

    @Override
    public Sites sites() {
        return sites;
    }

    @Override
    public int liveCount() {
        return live.count();
    }

    @Override
    public boolean next(Event e) {
        while (left == 0) {
            if (done || !nextBlock()) {
                return false;
            }
        }
        e.clear();
        try {
            blocks.token(e);
            if (e.op.releases() && !live.take(e.oldTag, e)) {
                throw new IllegalStateException("tag " + e.oldTag + " is not live");
            }
            blocks.rest(e);
        } catch (IllegalStateException ex) {
            throw error("event " + index + ": " + ex.getMessage());
        }
        e.index = index++;
        if (e.op.creates()) {
            if (!addresses) {
                long at = Resolver.synthetic(bump, e);
                long next = at == 0 ? 0 : Resolver.nextBump(at, e.size);
                if (next == 0) {
                    throw error("event " + e.index + ": " + Resolver.exhausted(bump, e.size));
                }
                e.address = at;
                bump = next;
            }
            live.add(e.tag, e.address, e.size, e.index);
            lastTag = e.tag;
        }
        if (--left == 0) {
            try {
                blocks.end();
            } catch (IllegalStateException ex) {
                throw error(ex.getMessage());
            }
        }
        return true;
    }

    // ---- container ----

    private WriteOptions readHeader() {
        byte[] fixed = new byte[12];
        if (read(fixed, 0, 12) < 12 || !CompactFormat.hasMagic(fixed, 12)) {
            throw TraceException.atByte(name, 0, "not a compact trace (bad magic)");
        }
        int version = fixed[8] & 0xFF;
        if (version < 1 || version > CompactFormat.VERSION) {
            throw TraceException.atByte(name, 8, "compact format version " + version
                    + " is not supported (this reader knows versions 1 to " + CompactFormat.VERSION + ")");
        }
        this.version = version;
        int n = (fixed[10] & 0xFF) | (fixed[11] & 0xFF) << 8;
        byte[] all = Arrays.copyOf(fixed, 12 + n + 4);
        if (read(all, 12, n + 4) < n + 4) {
            throw TraceException.atByte(name, offset, "truncated file header");
        }
        crc.reset();
        crc.update(all, 0, 12 + n);
        if ((int) crc.getValue() != intAt(all, 12 + n)) {
            throw TraceException.atByte(name, 0, "file header checksum mismatch");
        }
        int flags = fixed[9] & 0xFF;
        if ((flags & ~CompactFormat.fileFlags(version)) != 0) {
            throw TraceException.atByte(name, 9, "unknown file flags " + flags + " for version " + version);
        }
        addresses = (flags & CompactFormat.FLAG_ADDRESSES) != 0;
        allPacked = (flags & CompactFormat.FLAG_PACKED) != 0;
        String recorder = "";
        long page = 0;
        long bits = 0;
        long events = -1;
        // Each number of a field's value lies within the field, as the fields within the header.
        int end = 12 + n;
        Varint.Reader fields = new Varint.Reader("file header").over(all, 12, end);
        Varint.Reader value = new Varint.Reader("file header");
        while (!fields.atEnd()) {
            long key = headerNumber(fields);
            long size = headerNumber(fields);
            int at = fields.at();
            if (Long.compareUnsigned(size, end - at) > 0) {
                throw TraceException.atByte(name, at, "header field longer than the header");
            }
            int next = at + (int) size;
            value.over(all, at, next);
            switch (key >= 0 && key <= CompactFormat.KEY_EVENTS ? (int) key : 0) {
                case CompactFormat.KEY_RECORDER -> recorder = new String(all, at, (int) size, StandardCharsets.UTF_8);
                case CompactFormat.KEY_PAGE_SIZE -> page = headerNumber(value);
                case CompactFormat.KEY_POINTER_BITS -> bits = headerNumber(value);
                case CompactFormat.KEY_EVENTS -> events = headerNumber(value);
                default -> { }
            }
            fields.over(all, next, end);
        }
        WriteOptions.Coding coding = version < 4 ? WriteOptions.Coding.MODELLED
                : version == 4 || version == 5 ? (allPacked ? WriteOptions.Coding.PACKED : WriteOptions.Coding.MODELLED)
                : WriteOptions.Coding.CHOSEN;
        return WriteOptions.DEFAULT.withAddresses(addresses).withCoding(coding)
                .withRecorder(recorder).withMachine(page, (int) bits).withEvents(events);
    }

    /** The next number of the file header, whose errors name the byte where the number starts. */
    private long headerNumber(Varint.Reader r) {
        try {
            return r.varint();
        } catch (IllegalStateException ex) {
            throw TraceException.atByte(name, r.at(), ex.getMessage());
        }
    }

    /** Reads and verifies the next block; false at the index. */
    private boolean nextBlock() {
        blockOffset = offset;
        block++;
        int got = read(head, 0, 4);
        if (got < 4) {
            throw TraceException.atByte(name, blockOffset, "block " + block
                    + ": truncated file (no index: the writer did not finish, or the file was cut)");
        }
        int marker = intAt(head, 0);
        if (marker == CompactFormat.SITES_MARKER && version >= 5 && sitesAt == 0) {
            readSites();
            blockOffset = offset;
            if (read(head, 0, 4) < 4) {
                throw TraceException.atByte(name, blockOffset, "truncated file (no index after the sites section)");
            }
            marker = intAt(head, 0);
            if (marker != CompactFormat.INDEX_MARKER) {
                throw TraceException.atByte(name, blockOffset, "no index after the sites section");
            }
        }
        if (marker == CompactFormat.INDEX_MARKER) {
            readIndex();
            done = true;
            return false;
        }
        seenFirst.add(index);
        seenOffset.add(blockOffset);
        if (marker != CompactFormat.BLOCK_MARKER) {
            throw error("no block marker (damaged or not a compact trace)");
        }
        if (read(head, 4, head.length - 4) < head.length - 4) {
            throw error("truncated block header");
        }
        crc.reset();
        crc.update(head, 0, CompactFormat.BLOCK_HEADER);
        if ((int) crc.getValue() != intAt(head, CompactFormat.BLOCK_HEADER)) {
            throw error("block header checksum mismatch");
        }
        int size = headView.getInt(4);
        int events = headView.getInt(8);
        int flags = headView.getInt(12);
        if (size < 0 || size > CompactFormat.MAX_PAYLOAD) {
            throw error("payload of " + Integer.toUnsignedString(size) + " bytes exceeds the limit of 2^30");
        }
        if (events < 1 || events > CompactFormat.MAX_BLOCK_EVENTS) {
            throw error("event count " + Integer.toUnsignedString(events) + " not in [1, 2^24]");
        }
        if (headView.getLong(16) != index) {
            throw error("block starts at event " + headView.getLong(16) + ", expected " + index);
        }
        if (headView.getLong(24) != lastTag) {
            // Tags only grow: a block that went back would hand out a tag that is, or was, another block's.
            throw error("block continues after tag " + Long.toUnsignedString(headView.getLong(24))
                    + ", the blocks before it end at tag " + Long.toUnsignedString(lastTag));
        }
        if (((flags & CompactFormat.BLOCK_ADDRESSES) != 0) != addresses
                || (flags & ~CompactFormat.blockFlags(version)) != 0) {
            throw error("block flags " + flags + " do not match the file");
        }
        readPayload(size);
        crc.reset();
        crc.update(payload, 0, size);
        if (read(head, 0, 4) < 4) {
            throw error("truncated block (payload checksum missing)");
        }
        if ((int) crc.getValue() != intAt(head, 0)) {
            throw error("payload checksum mismatch");
        }
        long next;
        try {
            blocks = allPacked || (flags & CompactFormat.BLOCK_PACKED) != 0 ? packed() : modelled();
            next = blocks.begin(flags, headView.getLong(24), payload, size, events);
        } catch (IllegalStateException ex) {
            throw error(ex.getMessage());
        }
        if (!addresses && next != bump) {
            // The register lets a reader start at any block; read in order, it must be where the blocks before left it.
            throw error("synthetic addresses continue at 0x" + Long.toHexString(next) + ", the blocks before it end at 0x"
                    + Long.toHexString(bump));
        }
        left = events;
        return true;
    }

    private BlockDecoder packed() {
        if (packed == null) {
            packed = new PackedDecoder();
        }
        return packed;
    }

    private BlockDecoder modelled() {
        if (modelled == null) {
            modelled = new ModelledDecoder(version);
        }
        return modelled;
    }

    private void readPayload(int size) {
        payload = readInto(payload, size,
                have -> error("truncated block: payload of " + size + " bytes, only " + have + " present"));
    }

    /**
     * Reads {@code size} bytes into {@code b}, grown as they arrive, so that a length field cannot make
     * the reader allocate more than the input holds; returns the buffer that holds them. A cut input is
     * the error {@code cut} makes of the bytes present.
     */
    private byte[] readInto(byte[] b, int size, java.util.function.IntFunction<TraceException> cut) {
        int have = 0;
        while (have < size) {
            if (have == b.length) {
                b = Arrays.copyOf(b, (int) Math.min(Math.max((long) b.length * 2, 16), size));
            }
            int want = Math.min(size, b.length) - have;
            int n = read(b, have, want);
            if (n < want) {
                throw cut.apply(have + n);
            }
            have += n;
        }
        return b;
    }

    /** Reads the sites section, whose marker has been read; its errors name the byte they refuse. */
    private void readSites() {
        sitesAt = blockOffset;
        byte[] len = new byte[4];
        if (read(len, 0, 4) < 4) {
            throw TraceException.atByte(name, sitesAt, "sites section: truncated");
        }
        int size = intAt(len, 0);
        if (size < 0 || size > SiteTable.MAX_BYTES) {
            throw TraceException.atByte(name, sitesAt + 4, "sites section: length "
                    + Integer.toUnsignedString(size) + " exceeds the limit of 2^30");
        }
        byte[] table = readInto(new byte[Math.min(size, CHUNK)], size, have -> TraceException.atByte(name, sitesAt,
                "sites section: truncated: " + size + " bytes of section, only " + have + " present"));
        byte[] sum = new byte[4];
        if (read(sum, 0, 4) < 4) {
            throw TraceException.atByte(name, sitesAt, "sites section: truncated (checksum missing)");
        }
        crc.reset();
        crc.update(head, 0, 4);
        crc.update(len, 0, 4);
        crc.update(table, 0, size);
        if ((int) crc.getValue() != intAt(sum, 0)) {
            throw TraceException.atByte(name, sitesAt, "sites section: checksum mismatch");
        }
        Varint.Reader body = new Varint.Reader("sites section").over(table, 0, size);
        byte[] raw;
        try {
            long rawBytes = body.varint();
            if (Long.compareUnsigned(rawBytes, SiteTable.MAX_BYTES) > 0) {
                throw new IllegalStateException("sites section: table of " + Long.toUnsignedString(rawBytes)
                        + " bytes exceeds the limit of 2^30");
            }
            try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
                raw = ZstdFrame.inflate(zstd, table, body.at(), size - body.at(), rawBytes,
                        new byte[(int) Math.min(rawBytes + 1, CHUNK)], 0, "sites section");
            }
            // The table's errors name their byte in the inflated table: "sites table, byte 12: ...".
            String what = "sites table";
            Varint.Reader r = new Varint.Reader(what).over(raw, 0, (int) rawBytes);
            try {
                SiteTable.read(r, sites);
            } catch (IllegalStateException ex) {
                throw new IllegalStateException(what + ", byte " + r.at() + ex.getMessage().substring(what.length()));
            }
        } catch (IllegalStateException ex) {
            throw TraceException.atByte(name, sitesAt, ex.getMessage());
        }
    }

    private void readIndex() {
        int fixedBytes = (int) CompactFormat.indexBytes(version, 0) - 4;
        byte[] fixed = new byte[fixedBytes];
        System.arraycopy(head, 0, fixed, 0, 4);
        if (read(fixed, 4, fixedBytes - 4) < fixedBytes - 4) {
            throw error("truncated index");
        }
        int blocks = intAt(fixed, 4);
        long events = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
        if (blocks != block) {
            throw error("index lists " + Integer.toUnsignedString(blocks) + " blocks, the file has " + block);
        }
        if (events != index) {
            throw error("index counts " + events + " events, the blocks hold " + index);
        }
        if (version >= 5 && ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN).getLong(16) != sitesAt) {
            throw error(sitesAt == 0 ? "index names a sites section the file does not have"
                    : "index does not point at the sites section");
        }
        crc.reset();
        crc.update(fixed, 0, fixedBytes);
        byte[] entry = new byte[16];
        ByteBuffer view = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < blocks; i++) {
            if (read(entry, 0, 16) < 16) {
                throw error("truncated index");
            }
            crc.update(entry, 0, 16);
            if (view.getLong(0) != seenFirst.getLong(i) || view.getLong(8) != seenOffset.getLong(i)) {
                throw error("index entry " + i + " does not match block " + i);
            }
        }
        byte[] tail = new byte[4 + CompactFormat.FOOTER];
        if (read(tail, 0, tail.length) < tail.length) {
            throw error("truncated index or footer");
        }
        if ((int) crc.getValue() != intAt(tail, 0)) {
            throw error("index checksum mismatch");
        }
        if (!CompactFormat.hasEndMagic(tail, 12)) {
            throw error("bad end magic");
        }
        if (ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getLong(4) != blockOffset) {
            throw error("footer does not point at the index");
        }
        if (read(entry, 0, 1) > 0) {
            throw TraceException.atByte(name, offset - 1, "data after the end of the compact trace");
        }
    }

    private int read(byte[] b, int off, int len) {
        try {
            int n = in.readNBytes(b, off, len);
            offset += n;
            return n;
        } catch (IOException ex) {
            throw new TraceException(name + ": read error at byte " + offset + ": " + TraceException.reason(ex), ex);
        }
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    @Override
    public TraceException error(String what) {
        return TraceException.atByte(name, blockOffset, "block " + block + ": " + what);
    }

    @Override
    public void close() {
        // A closed reader hands out nothing more: its tables and live-block window go to the next one.
        done = true;
        left = 0;
        if (modelled != null) {
            modelled.close();
        }
        if (packed != null) {
            packed.close();
        }
        live.give();
        try {
            in.close();
        } catch (IOException ignored) {
            // An input's failed close loses nothing.
        }
    }
}
