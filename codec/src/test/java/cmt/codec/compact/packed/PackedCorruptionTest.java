package cmt.codec.compact.packed;

import cmt.codec.Leniency;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.CompactWriter;
import cmt.codec.compact.Varint;

import cmt.codec.Event;
import cmt.codec.Made;
import cmt.codec.compact.CompactTraces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged packed files. Random damage (flipped bits, cuts) is the checksums' business and must end in a
 * one-line error naming the block and its byte offset, after every event of the blocks before it came
 * out intact. The harder part is a payload that is wrong but carries a valid checksum (a buggy or hostile
 * writer): its streams are rebuilt here with fresh zstd frames and CRCs, and every lie they can tell (a
 * length, a frame, a head, a distance, an address code, a stream too short or too long) must end in a
 * {@link TraceException} naming the block, never another exception, a hang or an allocation the input
 * does not pay for. A header that claims packed blocks where the version has none is refused at byte 9.
 */
class PackedCorruptionTest {
    private static final int BLOCK = 200;
    /** The block the hand-made payloads replace: the blocks before it must still be delivered. */
    private static final int K = 3;
    private static final Pattern WHERE = Pattern.compile("^mem: byte (\\d+): block (\\d+): .+");
    private static List<Event> events;
    private static byte[] file;
    private static long[] blockStarts;
    private static byte[] fileHeader;
    private static List<Block> blocks;
    private static volatile String current = "";
    /** A varint of 11 bytes: 70 bits, more than any number the format holds. */
    private static final byte[] TOO_LONG = u8(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);

    /** The flags of a packed block with addresses, the kind the tests make by hand. */
    private static final int PACKED_ADDRESSES = CompactFormat.BLOCK_ADDRESSES | CompactFormat.BLOCK_PACKED;

    /** A block as its header describes it, with the payload; {@code first} is recomputed on writing. */
    record Block(int flags, long lastTag, int events, byte[] payload) {
    }

    @BeforeAll
    static void makeFile() {
        events = Made.churn(1_200, 42);
        file = CompactTraces.packed(events, true, BLOCK);
        blockStarts = CompactTraces.blockOffsets(file);
        assertEquals(6, blockStarts.length);
        fileHeader = Arrays.copyOf(file, (int) blockStarts[0]);
        blocks = blocks(file);
        assertTrue(blocks.stream().allMatch(b -> b.flags() == (7 | CompactFormat.BLOCK_PACKED)),
                "churn blocks are packed and carry addresses, threads and times");
        assertTrue(Arrays.equals(file, build(blocks)), "the test's container writer matches CompactWriter");
    }

    // ---- the container, rebuilt with valid checksums ----

    private static List<Block> blocks(byte[] b) {
        ByteBuffer v = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        List<Block> out = new ArrayList<>();
        for (long start : CompactTraces.blockOffsets(b)) {
            int at = (int) start;
            int size = v.getInt(at + 4);
            out.add(new Block(v.getInt(at + 12), v.getLong(at + 24), v.getInt(at + 8), Arrays.copyOfRange(b, at + 36, at + 36 + size)));
        }
        return out;
    }

    /** A whole file of {@link #fileHeader} and {@code list}, every checksum, index entry and footer right. */
    private static byte[] build(List<Block> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fileHeader);
        long first = 0;
        long[] offsets = new long[list.size()];
        long[] firsts = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
            Block b = list.get(i);
            offsets[i] = out.size();
            firsts[i] = first;
            ByteBuffer h = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(CompactFormat.BLOCK_MARKER).putInt(b.payload().length).putInt(b.events()).putInt(b.flags())
                    .putLong(first).putLong(b.lastTag());
            h.putInt(crc(h.array(), 0, 32));
            out.writeBytes(h.array());
            out.writeBytes(b.payload());
            out.writeBytes(le(crc(b.payload(), 0, b.payload().length)));
            first += Integer.toUnsignedLong(b.events());
        }
        long indexAt = out.size();
        ByteBuffer x = ByteBuffer.allocate((int) CompactFormat.indexBytes(CompactFormat.VERSION, list.size()) + 16)
                .order(ByteOrder.LITTLE_ENDIAN);
        x.putInt(CompactFormat.INDEX_MARKER).putInt(list.size()).putLong(first).putLong(0);
        for (int i = 0; i < list.size(); i++) {
            x.putLong(firsts[i]).putLong(offsets[i]);
        }
        x.putInt(crc(x.array(), 0, x.position()));
        x.putLong(indexAt).put(CompactFormat.END_MAGIC);
        out.writeBytes(x.array());
        return out.toByteArray();
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** The first {@code K} blocks of the file, then {@code made}. */
    private static byte[] withBlock(Block made) {
        List<Block> list = new ArrayList<>(blocks.subList(0, K));
        list.add(made);
        return build(list);
    }

    /** The file with block {@link #K}'s payload replaced by {@code payload}. */
    private static byte[] inK(byte[] payload) {
        Block b = blocks.get(K);
        return replacing(K, new Block(b.flags(), b.lastTag(), b.events(), payload));
    }

    /** The file with block {@code k} replaced by {@code made}. */
    private static byte[] replacing(int k, Block made) {
        List<Block> list = new ArrayList<>(blocks);
        list.set(k, made);
        return build(list);
    }

    // ---- payloads ----

    private static byte[] varints(long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] w = new byte[10];
        for (long v : values) {
            out.write(w, 0, Varint.put(w, 0, v));
        }
        return out.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] u8(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** One stream: its raw and packed lengths as claimed, then the frame. */
    private static byte[] stream(long raw, byte[] frame) {
        return cat(varints(raw, frame.length), frame);
    }

    private static byte[] frame(byte[] content) {
        return Zstd.compress(content, PackedEncoder.LEVEL);
    }

    /** A payload whose streams hold {@code contents}, each in a frame of its own, lengths true. */
    private static byte[] payload(byte[]... contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            out.writeBytes(stream(c.length, frame(c)));
        }
        return out.toByteArray();
    }

    /** The decompressed streams of a payload. */
    private static List<byte[]> contents(byte[] payload) {
        List<byte[]> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < payload.length) {
            int raw = (int) CompactTraces.varint(payload, at);
            int packed = (int) CompactTraces.varint(payload, at);
            out.add(Zstd.decompress(Arrays.copyOfRange(payload, at[0], at[0] + packed), raw));
            at[0] += packed;
        }
        return out;
    }

    // ---- reading ----

    /** Reads {@code damaged} to its end or its error; the error, or null; every event read goes to {@code got}. */
    private static TraceException read(byte[] damaged, List<Event> got) {
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(damaged), "mem", Leniency.STRICT)) {
            r.forEach(e -> got.add(e.copy()));
            return null;
        } catch (TraceException ex) {
            return ex;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError ex) {
            throw new AssertionError(current + ": " + ex, ex);
        }
    }

    /**
     * Reads {@code damaged}, which must fail in block {@code block} with an error naming that block and
     * its offset, after every event before it; returns the message.
     */
    private static String failsAt(byte[] damaged, int block, String what) {
        current = what;
        List<Event> got = new ArrayList<>();
        TraceException ex = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read(damaged, got), what);
        if (ex == null) {
            fail(what + ": read " + got.size() + " events without an error");
        }
        String m = ex.getMessage();
        long offset = CompactTraces.blockOffsets(damaged)[block];
        assertTrue(m.startsWith("mem: byte " + offset + ": block " + block + ": "), what + ": " + m);
        assertFalse(m.contains("\n"), m);
        assertTrue(got.size() >= block * BLOCK, what + ": only " + got.size() + " events before block " + block);
        assertEquals(CompactTraces.fields(events.subList(0, block * BLOCK), true),
                CompactTraces.fields(got.subList(0, block * BLOCK), true), what);
        return m;
    }

    private static void failsAt(byte[] damaged, int block, String what, String expected) {
        String m = failsAt(damaged, block, what);
        assertTrue(m.contains(expected), what + ": " + m + " does not say " + expected);
    }

    /** A hand-made block {@code K} with addresses, from these streams, must fail saying {@code expected}. */
    private static void madeFails(String what, int events, String expected, byte[]... contents) {
        failsAt(withBlock(new Block(PACKED_ADDRESSES, blocks.get(K).lastTag(), events, payload(contents))), K, what, expected);
    }

    // ---- random damage ----

    @Test
    void everyFlippedBitIsCaughtAndTheBlocksBeforeItAreRead() {
        // Every bit of the headers, index and footer; one in five of the payloads' bits, which the CRC guards.
        SplittableRandom rnd = new SplittableRandom(1);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int flips = 0;
            for (int at = 0; at < file.length; at++) {
                int block = CompactTraces.blockOf(blockStarts, at);
                long from = block < 0 ? 0 : blockStarts[block] + 36;
                boolean payload = block >= 0 && at >= from && at < from + blocks.get(block).payload().length;
                for (int bit = 0; bit < 8; bit++) {
                    if (payload && rnd.nextInt(5) != 0) {
                        continue;
                    }
                    byte[] d = file.clone();
                    d[at] ^= (byte) (1 << bit);
                    flipped(d, at, "bit " + bit + " of byte " + at);
                    flips++;
                }
            }
            assertTrue(flips > 10_000, flips + " flips");
        }, () -> "hung on " + current);
    }

    /** Checks the reading of {@code d}, damaged at byte {@code at}. */
    private static void flipped(byte[] d, int at, String what) {
        current = what;
        List<Event> got = new ArrayList<>();
        TraceException ex = read(d, got);
        if (ex == null) {
            fail(what + ": not caught");
        }
        String m = ex.getMessage();
        assertTrue(m.startsWith("mem: byte ") || at < 8, what + ": " + m);
        assertFalse(m.contains("\n"), m);
        int block = CompactTraces.blockOf(blockStarts, at);
        if (block >= 0) {
            Matcher w = WHERE.matcher(m);
            assertTrue(w.matches(), what + ": " + m);
            int named = Integer.parseInt(w.group(2));
            assertTrue(named == block || named == blockStarts.length && at >= indexOffset(), what + ": " + m);
            if (named < blockStarts.length) {
                assertEquals(blockStarts[named], Long.parseLong(w.group(1)), what + ": " + m);
            }
            assertTrue(got.size() >= block * BLOCK, what + ": " + got.size() + " events");
        }
        assertEquals(CompactTraces.fields(events.subList(0, got.size()), true), CompactTraces.fields(got, true), what);
    }

    private static long indexOffset() {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(file.length - 16);
    }

    @Test
    void everyTruncationIsCaught() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int len = 8; len < file.length; len++) {
                byte[] d = Arrays.copyOf(file, len);
                current = "cut at " + len;
                List<Event> got = new ArrayList<>();
                TraceException ex = read(d, got);
                if (ex == null) {
                    fail(current + ": not caught");
                }
                assertTrue(ex.getMessage().startsWith("mem: byte "), current + ": " + ex.getMessage());
                int whole = 0;
                for (int b = 0; b < blockStarts.length; b++) {
                    long end = b + 1 < blockStarts.length ? blockStarts[b + 1] : indexOffset();
                    whole += end <= len ? 1 : 0;
                }
                assertEquals(whole * BLOCK, got.size(), current);
                assertEquals(CompactTraces.fields(events.subList(0, got.size()), true), CompactTraces.fields(got, true), current);
            }
        }, () -> "hung on " + current);
    }

    // ---- valid checksums over wrong payloads: the container ----

    @Test
    void theTestsOwnPayloadsReadBack() {
        // The hand-made blocks of the tests below are built like this one, which must read cleanly, or
        // their errors would prove nothing.
        long last = blocks.get(K).lastTag();
        byte[] ev = cat(varints(0), u8(0), varints(8), u8(4), varints(1), u8(1), varints(24, 3), u8(2), varints(100, 64), u8(3),
                varints(1, 8));
        byte[] ad = cat(u8(34), varints(0x2000), u8(1, 33, 34), varints(7));
        List<Event> got = new ArrayList<>();
        assertEquals(null, read(withBlock(new Block(PACKED_ADDRESSES, last, 5, payload(ev, ad))), got));
        assertEquals(K * BLOCK + 5, got.size());
        List<Event> made = got.subList(K * BLOCK, got.size());
        assertEquals(List.of(
                "MALLOC 8 " + (last + 1) + " 0 0 -1 1 0 -1 -1 -1 600 1000 0",
                "FREE 0 0 " + (last + 1) + " 8 600 1 0 -1 -1 -1 601 0 1000",
                "CALLOC 24 " + (last + 2) + " 0 0 -1 3 0 -1 -1 -1 602 1000 0",
                "ALIGNED 100 " + (last + 3) + " 0 0 -1 1 64 -1 -1 -1 603 1020 0",
                "REALLOC 8 " + (last + 4) + " " + (last + 3) + " 100 603 1 0 -1 -1 -1 604 108c 1020"),
                CompactTraces.fields(made, true));
        // Every stream of a writer's block, split and packed again by the test's own code, reads the same.
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            byte[] again = payload(contents(b.payload()).toArray(byte[][]::new));
            assertEquals(null, read(replacing(k, new Block(b.flags(), b.lastTag(), b.events(), again)), got = new ArrayList<>()));
            assertEquals(CompactTraces.fields(events, true), CompactTraces.fields(got, true));
        }
    }

    @Test
    void streamLengthsThatLieAreCaught() {
        Block b = blocks.get(K);
        List<byte[]> c = contents(b.payload());
        byte[] ev = c.get(0);
        byte[] rest = payload(c.get(1), c.get(2));
        byte[] f = frame(ev);
        int most = b.events() * PackedEncoder.MAX_EVENT_BYTES;
        failsAt(inK(cat(stream(most + 1, f), rest)), K, "raw above the limit",
                "events stream of " + (most + 1) + " bytes is more than its events can hold");
        failsAt(inK(cat(stream(ev.length - 1, f), rest)), K, "raw one short",
                "events stream holds more than its " + (ev.length - 1) + " bytes");
        failsAt(inK(cat(stream(0, f), rest)), K, "raw zero", "events stream holds more than its 0 bytes");
        failsAt(inK(cat(stream(ev.length + 1, f), rest)), K, "raw one over",
                "events stream holds " + ev.length + " bytes, not " + (ev.length + 1));
        failsAt(inK(cat(stream(most, f), rest)), K, "raw at the limit",
                "events stream holds " + ev.length + " bytes, not " + most);
        // The packed length: past the payload's end, or short of the frame's (the rest then follows it).
        byte[] whole = cat(varints(ev.length, f.length + rest.length + 1), f, rest);
        failsAt(inK(whole), K, "packed overruns", "events stream of " + (f.length + rest.length + 1) + " bytes overruns the payload");
        byte[] t = frame(c.get(2));
        failsAt(inK(cat(payload(ev, c.get(1)), varints(c.get(2).length, t.length + 1), t)), K, "last packed overruns",
                 "times stream of " + (t.length + 1) + " bytes overruns the payload");
        String shortFrame = failsAt(inK(cat(varints(ev.length, f.length - 1), f, rest)), K, "packed one short");
        assertTrue(shortFrame.contains("events stream"), shortFrame);
        failsAt(inK(cat(b.payload(), u8(0))), K, "a byte after the streams", "1 bytes after the last stream");
        failsAt(inK(cat(b.payload(), payload(c.get(2)))), K, "a fourth stream", "bytes after the last stream");
        // Lengths that are no varint, or are missing; a length of 6 bytes is a number like any other.
        failsAt(inK(new byte[0]), K, "empty payload", "events stream: number cut short");
        failsAt(inK(cat(u8(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), varints(f.length), f, rest)), K, "long length",
                "events stream of " + ((1L << 36) - 1) + " bytes is more than its events can hold");
        failsAt(inK(cat(TOO_LONG, varints(f.length), f, rest)), K, "length past 64 bits",
                "events stream: number longer than 64 bits");
        failsAt(inK(payload(ev)), K, "no addresses stream", "addresses stream: number cut short");
        failsAt(inK(payload(ev, c.get(1))), K, "no times stream", "times stream: number cut short");
        failsAt(inK(cat(varints(ev.length), u8(0x80))), K, "cut packed length", "events stream: number cut short");
    }

    @Test
    void aRawLengthFarBeyondTheFrameIsNotAllocated() {
        // 2^24 events may hold 2^30 raw bytes; the frame holds a few hundred, and only those may cost memory.
        Block b = blocks.get(K);
        List<byte[]> c = contents(b.payload());
        byte[] body = cat(stream(1L << 30, frame(c.get(0))), payload(c.get(1), c.get(2)));
        byte[] d = replacing(K, new Block(b.flags(), b.lastTag(), CompactFormat.MAX_BLOCK_EVENTS, body));
        System.gc();
        long before = usedMemory();
        failsAt(d, K, "raw 2^30", "events stream holds " + c.get(0).length + " bytes, not " + (1L << 30));
        assertTrue(usedMemory() - before < 64 << 20, "a 1 GiB claim allocated " + (usedMemory() - before) + " bytes");
        byte[] many = replacing(K, new Block(b.flags(), b.lastTag(), CompactFormat.MAX_BLOCK_EVENTS, b.payload()));
        failsAt(many, K, "2^24 events, a block's worth of streams", "events stream ends inside an event");
    }

    @Test
    void framesThatAreNoZstdOrNotOneFrameAreCaught() {
        Block b = blocks.get(K);
        List<byte[]> c = contents(b.payload());
        byte[] rest = payload(c.get(1), c.get(2));
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 200; k++) {
            byte[] noise = new byte[1 + rnd.nextInt(400)];
            rnd.nextBytes(noise);
            if (k % 2 == 1 && noise.length >= 4) {
                // Behind zstd's magic number the noise reaches the frame header and block decoder.
                System.arraycopy(le(0xFD2FB528), 0, noise, 0, 4);
            }
            int which = k % 3;
            byte[][] parts = {stream(c.get(0).length, frame(c.get(0))), stream(c.get(1).length, frame(c.get(1))),
                    stream(c.get(2).length, frame(c.get(2)))};
            parts[which] = stream(c.get(which).length, noise);
            String m = failsAt(inK(cat(parts)), K, "noise frame " + k);
            String name = List.of("events", "addresses", "times").get(which);
            assertTrue(m.contains(": " + name + " stream"), m);
        }
        failsAt(inK(cat(stream(c.get(0).length, u8(0x28, 0xB5, 0x2F, 0xFD)), rest)), K, "a bare magic number", "events stream");
        byte[] f = frame(c.get(0));
        failsAt(inK(cat(stream(c.get(0).length, Arrays.copyOf(f, f.length / 2)), rest)), K, "half a frame", "events stream");
    }

    /**
     * {@code FORMAT.md} section 7: a stream is one zstd frame with nothing after it. Two frames whose
     * contents add up to the stream break that rule, and a reader in another language that decodes one
     * frame would read a different block than this one.
     */
    @Test
    void aStreamOfTwoFramesIsRefused() {
        List<byte[]> c = contents(blocks.get(K).payload());
        byte[] ev = c.get(0);
        int half = ev.length / 2;
        byte[] two = cat(frame(Arrays.copyOf(ev, half)), frame(Arrays.copyOfRange(ev, half, ev.length)));
        failsAt(inK(cat(stream(ev.length, two), payload(c.get(1), c.get(2)))), K, "two frames", "events stream");
    }

    /** The same rule for a skippable frame (RFC 8878 section 3.1.2), which zstd passes over silently. */
    @Test
    void aSkippableFrameAfterTheFrameIsRefused() {
        List<byte[]> c = contents(blocks.get(K).payload());
        byte[] skippable = cat(le(0x184D2A50), le(3), u8(1, 2, 3));
        failsAt(inK(cat(stream(c.get(0).length, cat(frame(c.get(0)), skippable)), payload(c.get(1), c.get(2)))), K,
                "a skippable frame after the frame", "events stream");
    }

    // ---- valid checksums over wrong payloads: the events ----

    @Test
    void addressCodesThatNameNothingAreCaught() {
        int e0 = K * BLOCK;
        byte[] ev = cat(varints(0), u8(0), varints(8), u8(4), varints(1), u8(0), varints(8));
        madeFails("code 1 on an empty list", 3, "event " + e0 + ": address code 1 names a free that was not made",
                ev, u8(1, 1));
        madeFails("code 2 on a list of one", 3, "event " + (e0 + 2) + ": address code 2 names a free that was not made",
                ev, u8(33, 2));
        madeFails("code 32 on a list of one", 3, "address code 32 names a free that was not made", ev, u8(33, 32));
        // The list of another class holds the free: class 2 is not class 3.
        byte[] other = cat(varints(0), u8(0), varints(8), u8(4), varints(1), u8(0), varints(40));
        madeFails("code 1 on another class's list", 3, "address code 1 names a free that was not made", other, u8(33, 1));
        madeFails("code 0 on a malloc", 3, "event " + e0 + ": address code 0 on a malloc", ev, u8(0, 33));
        madeFails("code 0 on a calloc", 1, "address code 0 on a calloc", cat(varints(0), u8(1), varints(8, 2)), u8(0));
        madeFails("code 0 on an aligned", 1, "address code 0 on a aligned", cat(varints(0), u8(2), varints(8, 16)), u8(0));
        madeFails("code 35", 3, "event " + e0 + ": bad address code 35", ev, u8(35, 33));
        madeFails("code 255", 3, "bad address code 255", ev, u8(255, 33));
        madeFails("no code", 3, "event " + (e0 + 2) + ": addresses stream ends early", ev, u8(33));
        madeFails("no delta", 3, "addresses stream: number cut short", ev, u8(33, 34));
        madeFails("a delta past 64 bits", 3, "addresses stream: number longer than 64 bits", ev,
                cat(u8(34), TOO_LONG, u8(33)));
        madeFails("a code too many", 3, "streams hold bytes after the block's last event", ev, u8(33, 1, 33));
        // The free after a moved realloc adds the old chunk; one that stayed adds nothing.
        byte[] moved = cat(varints(0), u8(0), varints(8), u8(3), varints(1, 8), u8(0), varints(8));
        failsAt(withBlock(new Block(PACKED_ADDRESSES, blocks.get(K).lastTag(), 3, payload(moved, u8(33, 0, 1)))), K,
                "reuse after an in-place realloc", "address code 1 names a free that was not made");
        List<Event> got = new ArrayList<>();
        Block made = new Block(PACKED_ADDRESSES, blocks.get(K).lastTag(), 3, payload(moved, u8(33, 33, 1)));
        assertEquals(null, read(withBlock(made), got));
        assertEquals(got.get(e0).address, got.get(e0 + 2).address);
    }

    /**
     * {@code FORMAT.md} section 7: "a realloc whose code is not 0 adds the ended block's address". A
     * writer picks 0 for a realloc that stays, but a realloc coded as the top that lands on its own old
     * address is still a realloc whose code is not 0, and a reader that follows the text adds the
     * address: the next malloc's code 1 names it.
     */
    @Test
    void aReallocCodedAsTheTopOntoItsOwnAddressStillFreesIt() {
        int e0 = K * BLOCK;
        byte[] ev = cat(varints(0), u8(0), varints(8), u8(3), varints(1, 8), u8(0), varints(8));
        // The malloc takes the top (0, then top = 32); the realloc the top minus 32 (zigzag 63), which is 0 again.
        byte[] ad = cat(u8(33, 34), varints(63), u8(1));
        List<Event> got = new ArrayList<>();
        TraceException ex = read(withBlock(new Block(PACKED_ADDRESSES, blocks.get(K).lastTag(), 3, payload(ev, ad))), got);
        assertEquals(null, ex);
        assertEquals(0, got.get(e0 + 1).address);
        assertEquals(0, got.get(e0 + 1).oldAddress);
        assertEquals(0, got.get(e0 + 2).address);
    }

    @Test
    void gapsThatWrapTheTagsAroundFailCleanlyOrRead() {
        // Gaps near 2^64, wrapping or not: the reader refuses or reads them, never with another exception.
        int flags = PACKED_ADDRESSES | CompactFormat.BLOCK_TAG_GAPS;
        long last = blocks.get(K).lastTag();
        for (long gap : new long[] {-2, -1, -last - 1, -last - 2, Long.MAX_VALUE}) {
            byte[] ev = cat(varints(0), u8(8), varints(8, gap), u8(0), varints(8), u8(4), varints(1), u8(4), varints(2));
            List<Event> got = new ArrayList<>();
            current = "gap " + Long.toUnsignedString(gap);
            TraceException ex = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> read(withBlock(new Block(flags, last, 4, payload(ev, u8(33, 33)))), got));
            assertTrue(ex == null || ex.getMessage().startsWith("mem: byte " + blockStarts[K] + ": block " + K + ": "),
                    current + ": " + ex);
            assertTrue(got.size() >= K * BLOCK, current);
        }
    }

    /**
     * Tags increase: the writer refuses one that does not, and so does the text reader. A gap of
     * 2^64 - 2 after lastTag L makes the next tag L - 1 (or 0, or a tag still live in an earlier block),
     * which a reader should refuse rather than hand out.
     */
    @Test
    void aGapThatWrapsTheTagsAroundIsRefused() {
        int flags = PACKED_ADDRESSES | CompactFormat.BLOCK_TAG_GAPS;
        long last = blocks.get(K).lastTag();
        for (long gap : new long[] {-2, -1, -last - 1}) {
            byte[] ev = cat(varints(0), u8(8), varints(8, gap), u8(4), varints(1));
            failsAt(withBlock(new Block(flags, last, 2, payload(ev, u8(33)))), K, "gap " + Long.toUnsignedString(gap),
                    "event " + K * BLOCK + ": ");
        }
    }

    @Test
    void distancesThatNameNoLiveBlockAreCaught() {
        int e0 = K * BLOCK;
        long last = blocks.get(K).lastTag();
        madeFails("free beyond the last tag", 2, "event " + (e0 + 1) + ": free distance " + (last + 2) + " refers to no block (last tag "
                + (last + 1) + ")", cat(varints(0), u8(0), varints(8), u8(4), varints(last + 2)), u8(33));
        madeFails("free distance 0", 2, "free distance 0 refers to no block",
                cat(varints(0), u8(0), varints(8), u8(4), varints(0)), u8(33));
        madeFails("free distance 2^64 - 1", 2, "free distance 18446744073709551615 refers to no block",
                cat(varints(0), u8(0), varints(8), u8(4), varints(-1)), u8(33));
        madeFails("realloc beyond the last tag", 2, "refers to no block",
                cat(varints(0), u8(0), varints(8), u8(3), varints(last + 2, 16)), u8(33, 33));
        madeFails("the same block freed twice", 3, "event " + (e0 + 2) + ": tag " + (last + 1) + " is not live",
                cat(varints(0), u8(0), varints(8), u8(4), varints(1), u8(4), varints(1)), u8(33));
        // A block an earlier block ended: its tag is below lastTag but names nothing.
        long ended = events.subList(0, e0).stream().filter(e -> e.op.releases()).findFirst().orElseThrow().oldTag;
        madeFails("a free of a block ended before", 1, "event " + e0 + ": tag " + ended + " is not live",
                cat(varints(0), u8(4), varints(last + 1 - ended)), u8());
    }

    @Test
    void headsThatAreNoOperationAreCaught() {
        int e0 = K * BLOCK;
        for (int head : new int[] {5, 6, 7, 0x10, 0x20, 0x40, 0x80, 0x85, 0xFF}) {
            madeFails("head " + head, 1, "event " + e0 + ": bad event head " + head, cat(varints(0), u8(head), varints(8)), u8(33));
        }
        madeFails("a gap without the gap flag", 1, "tag gap in a block without gaps", cat(varints(0), u8(8), varints(8, 1)), u8(33));
        failsAt(withBlock(new Block(PACKED_ADDRESSES | CompactFormat.BLOCK_TAG_GAPS, blocks.get(K).lastTag(), 2,
                payload(cat(varints(0), u8(8), varints(8, 1), u8(12), varints(1)), u8(33)))), K, "a gap on a free", "tag gap on a free");
        madeFails("a size past 64 bits", 1, "events stream: number longer than 64 bits",
                cat(varints(0), u8(0), TOO_LONG), u8(33));
        madeFails("an event cut short", 1, "event " + e0 + ": events stream ends inside an event", cat(varints(0), u8(0)), u8(33));
        madeFails("no events at all", 1, "events stream: number cut short", new byte[0], u8(33));
        madeFails("an event too many", 1, "streams hold bytes after the block's last event",
                cat(varints(0), u8(0), varints(8), u8(0), varints(8)), u8(33, 33));
    }

    @Test
    void timesStreamsThatDisagreeWithTheEventsAreCaught() {
        int flags = PACKED_ADDRESSES | CompactFormat.BLOCK_TIMES;
        long last = blocks.get(K).lastTag();
        byte[] ev = cat(varints(0), u8(0), varints(8), u8(0), varints(8));
        byte[] ad = u8(33, 33);
        List<Event> got = new ArrayList<>();
        assertEquals(null, read(withBlock(new Block(flags, last, 2, payload(ev, ad, varints(10, 3)))), got));
        assertEquals(List.of(5L, 3L), List.of(got.get(K * BLOCK).timestamp, got.get(K * BLOCK + 1).timestamp));
        failsAt(withBlock(new Block(flags, last, 2, payload(ev, ad, varints(10)))), K, "one time short",
                "event " + (K * BLOCK + 1) + ": times stream: number cut short");
        failsAt(withBlock(new Block(flags, last, 2, payload(ev, ad, u8(0x80)))), K, "a time cut", "times stream: number cut short");
        failsAt(withBlock(new Block(flags, last, 2, payload(ev, ad, varints(10, 3, 1)))), K, "a time too many",
                "streams hold bytes after the block's last event");
        failsAt(withBlock(new Block(flags, last, 2, payload(ev, ad, cat(TOO_LONG, varints(3))))), K, "a time past 64 bits",
                "times stream: number longer than 64 bits");
        failsAt(withBlock(new Block(flags, last, 2, payload(ev, ad))), K, "no times stream", "times stream: number cut short");
    }

    /**
     * Random content in valid frames and valid checksums: any stream of any block, or a few flipped bits
     * in a writer's stream, may decode to some other trace or fail, but only ever with a
     * {@link TraceException} naming a block no earlier than the damaged one, whose predecessors came out.
     */
    @Test
    void validFramesOfNoiseOrOfFlippedBitsFailCleanlyOrReadAsSomeTrace() {
        int failed = fuzz(events, blocks, 3000, 7);
        assertTrue(failed > 1000, failed + " of 3000 damaged files failed");
    }

    /** The same in blocks with tag gaps, where noise reaches the gap varints and can wrap tags around. */
    @Test
    void validFramesOfNoiseInBlocksWithTagGapsFailCleanlyOrReadAsSomeTrace() {
        List<Event> gapped = new ArrayList<>();
        for (Event e : events) {
            Event c = e.copy();
            c.tag *= 3;
            c.oldTag *= 3;
            gapped.add(c);
        }
        byte[] f = CompactTraces.packed(gapped, true, BLOCK);
        assertTrue(Arrays.equals(fileHeader, 0, fileHeader.length, f, 0, fileHeader.length));
        List<Block> bl = blocks(f);
        assertTrue(bl.stream().allMatch(b -> b.flags() == (15 | CompactFormat.BLOCK_PACKED)), "every block has the gap flag");
        assertTrue(Arrays.equals(f, build(bl)));
        int failed = fuzz(gapped, bl, 2000, 8);
        assertTrue(failed > 600, failed + " of 2000 damaged files failed");
    }

    /** Damages one stream of a random block of {@code bl} at a time; returns how many readings failed. */
    private static int fuzz(List<Event> evs, List<Block> bl, int cases, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] failed = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int k = 0; k < cases; k++) {
                int block = rnd.nextInt(bl.size());
                Block b = bl.get(block);
                List<byte[]> c = new ArrayList<>(contents(b.payload()));
                int which = rnd.nextInt(3);
                byte[] s;
                if (k % 3 == 0) {
                    s = new byte[rnd.nextInt(2 * c.get(which).length + 2)];
                    rnd.nextBytes(s);
                } else {
                    s = c.get(which).clone();
                    for (int n = 1 + rnd.nextInt(k % 3 == 1 ? 1 : 8); n > 0 && s.length > 0; n--) {
                        s[rnd.nextInt(s.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                c.set(which, s);
                List<Block> list = new ArrayList<>(bl);
                list.set(block, new Block(b.flags(), b.lastTag(), b.events(), payload(c.toArray(byte[][]::new))));
                byte[] d = build(list);
                current = "case " + k + ": stream " + which + " of block " + block;
                List<Event> got = new ArrayList<>();
                TraceException ex = read(d, got);
                assertTrue(got.size() >= block * BLOCK, current + ": " + got.size() + " events");
                assertEquals(CompactTraces.fields(evs.subList(0, block * BLOCK), true),
                        CompactTraces.fields(got.subList(0, block * BLOCK), true), current);
                if (ex != null) {
                    failed[0]++;
                    Matcher w = WHERE.matcher(ex.getMessage());
                    assertTrue(w.matches(), current + ": " + ex.getMessage());
                    int named = Integer.parseInt(w.group(2));
                    assertTrue(named >= block, current + ": " + ex.getMessage());
                    if (named < bl.size()) {
                        assertEquals(CompactTraces.blockOffsets(d)[named], Long.parseLong(w.group(1)), current + ": " + ex.getMessage());
                    }
                }
            }
        }, () -> "hung on " + current);
        return failed[0];
    }

    // ---- the file header ----

    /** {@code file} with header bytes 8 and 9 set and the header checksum made right again. */
    private static byte[] withHeader(byte[] f, int version, int flags) {
        byte[] d = f.clone();
        d[8] = (byte) version;
        d[9] = (byte) flags;
        int n = (d[10] & 0xFF) | (d[11] & 0xFF) << 8;
        System.arraycopy(le(crc(d, 0, 12 + n)), 0, d, 12 + n, 4);
        return d;
    }

    @Test
    void theFileWidePackedFlagOutsideVersions4And5AndUnknownFlagsAreRefusedAtByte9() {
        for (int version : new int[] {1, 2, 3, CompactFormat.VERSION}) {
            for (int flags : new int[] {2, 3}) {
                String m = assertThrows(TraceException.class, () -> CompactTraces.read(withHeader(file, version, flags))).getMessage();
                assertEquals("mem: byte 9: unknown file flags " + flags + " for version " + version, m);
            }
        }
        for (int bit = 2; bit < 8; bit++) {
            int flags = 1 | 1 << bit;
            String m = assertThrows(TraceException.class,
                    () -> CompactTraces.read(withHeader(file, CompactFormat.VERSION, flags))).getMessage();
            assertEquals("mem: byte 9: unknown file flags " + flags + " for version " + CompactFormat.VERSION, m);
        }
        assertEquals(events.size(), CompactTraces.read(withHeader(file, CompactFormat.VERSION, 1)).size());
    }

    @Test
    void blocksReadWithTheOtherCodingFailCleanly() {
        // The packed flag cleared: zstd frames reach the range decoder; set on a modelled block, the reverse.
        List<Block> cleared = blocks.stream()
                .map(b -> new Block(b.flags() & ~CompactFormat.BLOCK_PACKED, b.lastTag(), b.events(), b.payload())).toList();
        failsAt(build(cleared), 0, "packed blocks read as modelled");
        byte[] modelled = CompactTraces.compact(events, true, BLOCK);
        List<Block> set = blocks(modelled).stream()
                .map(b -> new Block(b.flags() | CompactFormat.BLOCK_PACKED, b.lastTag(), b.events(), b.payload())).toList();
        List<Event> got = new ArrayList<>();
        TraceException ex = read(build(set), got);
        assertTrue(ex != null && ex.getMessage().startsWith("mem: byte " + CompactTraces.blockOffsets(modelled)[0] + ": block 0: "), String.valueOf(ex));
        assertEquals(0, got.size());
    }

    private static long usedMemory() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
