package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Made;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
 * Damaged compact files: every flipped bit, cut and splice of garbage gives a one-line error naming the
 * block and byte offset, after every event of the blocks before the damage came out intact; hostile
 * headers never make the reader hang or allocate what the input does not hold.
 */
class CompactCorruptionTest {
    private static final int BLOCK = 200;
    private static final Pattern WHERE = Pattern.compile("^mem: byte (\\d+): block (\\d+): .+");
    private static List<Event> events;
    private static byte[] file;
    private static long[] blockStarts;

    @BeforeAll
    static void makeFile() {
        events = Made.churn(2_000, 42);
        file = CompactTraces.compact(events, true, BLOCK);
        blockStarts = CompactTraces.blockOffsets(file);
        assertEquals(10, blockStarts.length);
    }

    /** Reads {@code damaged} until it fails; returns the events read and checks the error's form. */
    private static List<Event> readUntilError(byte[] damaged, String what) {
        List<Event> got = new ArrayList<>();
        TraceException ex = assertThrows(TraceException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (TraceReader r = TraceReader.open(new ByteArrayInputStream(damaged), "mem", Leniency.STRICT)) {
                r.forEach(e -> got.add(e.copy()));
            }
        }), what);
        assertTrue(ex.getMessage().startsWith("mem: byte "), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"), ex.getMessage());
        Matcher m = WHERE.matcher(ex.getMessage());
        if (m.matches()) {
            int block = Integer.parseInt(m.group(2));
            long at = Long.parseLong(m.group(1));
            assertTrue(block <= blockStarts.length, ex.getMessage());
            if (block < blockStarts.length) {
                assertEquals(blockStarts[block], at, ex.getMessage());
            }
            assertTrue(got.size() >= Math.min(block, blockStarts.length) * BLOCK, what + ": " + got.size() + " events");
        }
        assertEquals(CompactTraces.fields(events.subList(0, got.size()), true), CompactTraces.fields(got, true), what);
        return got;
    }

    @Test
    void everyFlippedBitIsCaughtAndTheBlocksBeforeItAreRead() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 600; k++) {
            int at = rnd.nextInt(file.length);
            byte[] d = file.clone();
            d[at] ^= (byte) (1 << rnd.nextInt(8));
            List<Event> got = readUntilError(d, "bit flip at " + at);
            int block = CompactTraces.blockOf(blockStarts, at);
            if (block >= 0) {
                assertTrue(got.size() >= block * BLOCK, "flip at " + at + " lost blocks before " + block);
            }
        }
    }

    @Test
    void everyTruncationIsCaught() {
        for (int len = 0; len < file.length; len += 7) {
            byte[] d = Arrays.copyOf(file, len);
            if (len < 8) {
                // Too short for the magic: read as text, which it is not either.
                continue;
            }
            List<Event> got = readUntilError(d, "cut at " + len);
            int whole = 0;
            for (long s : blockStarts) {
                whole += s + 1 < len ? 1 : 0;
            }
            assertTrue(got.size() >= (whole - 1) * BLOCK, "cut at " + len + ": " + got.size());
        }
    }

    @Test
    void garbageInsteadOfABlockOrAfterTheEndIsCaught() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int k = 0; k < 50; k++) {
            int at = (int) blockStarts[rnd.nextInt(blockStarts.length)] + rnd.nextInt(64);
            byte[] d = file.clone();
            for (int i = at; i < Math.min(d.length, at + 1 + rnd.nextInt(300)); i++) {
                d[i] = (byte) rnd.nextInt();
            }
            readUntilError(d, "garbage at " + at);
        }
        byte[] tail = Arrays.copyOf(file, file.length + 3);
        TraceException ex = assertThrows(TraceException.class, () -> CompactTraces.read(tail));
        assertTrue(ex.getMessage().contains("after the end"), ex.getMessage());
    }

    /** A file with a header, then one block header claiming {@code payload} bytes and {@code n} events. */
    private static byte[] hostile(int payload, int n, byte[] body) {
        int start = (int) blockStarts[0];
        ByteBuffer b = ByteBuffer.allocate(start + 36 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(file, 0, start);
        b.putInt(CompactFormat.BLOCK_MARKER).putInt(payload).putInt(n).putInt(CompactFormat.BLOCK_ADDRESSES)
                .putLong(0).putLong(0);
        CRC32C c = new CRC32C();
        c.update(b.array(), start, 32);
        b.putInt((int) c.getValue()).put(body);
        return b.array();
    }

    @Test
    void hostileSizesAreCheckedBeforeAnythingIsAllocated() {
        String huge = assertThrows(TraceException.class, () -> CompactTraces.read(hostile(-1, 10, new byte[0]))).getMessage();
        assertTrue(huge.contains("exceeds the limit"), huge);
        String many = assertThrows(TraceException.class, () -> CompactTraces.read(hostile(10, Integer.MAX_VALUE, new byte[0]))).getMessage();
        assertTrue(many.contains("event count"), many);
        long before = usedMemory();
        String cut = assertThrows(TraceException.class,
                () -> CompactTraces.read(hostile(CompactFormat.MAX_PAYLOAD, 5, new byte[100]))).getMessage();
        assertTrue(cut.contains("truncated block"), cut);
        assertTrue(usedMemory() - before < 64 << 20, "a 1 GiB claim allocated a lot");
    }

    @Test
    void aPayloadOfNoiseWithAValidChecksumEndsInAnErrorNotAHang() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 40; k++) {
            byte[] body = new byte[1 + rnd.nextInt(2000)];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) rnd.nextInt();
            }
            // The payload opens with the run sizes' section length: noise behind an empty section, or
            // behind one that fits, reaches the range decoder and the run sizes' reader.
            if (k % 3 < 2) {
                body[0] = (byte) (k % 3 == 0 ? 0 : rnd.nextInt(Math.min(body.length, 128)));
            }
            CRC32C c = new CRC32C();
            c.update(body);
            byte[] withCrc = Arrays.copyOf(body, body.length + 4);
            ByteBuffer.wrap(withCrc).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length, (int) c.getValue());
            byte[] d = hostile(body.length, CompactFormat.MAX_BLOCK_EVENTS, withCrc);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                TraceException ex = assertThrows(TraceException.class, () -> CompactTraces.read(d));
                assertTrue(ex.getMessage().startsWith("mem: byte "), ex.getMessage());
            });
        }
    }

    @Test
    void aRunsSectionThatDisagreesWithItsBlocksRunsIsCaught() throws IOException {
        byte[] loop;
        try (InputStream in = CompactCorruptionTest.class.getResourceAsStream("loop.trace")) {
            loop = in.readAllBytes();
        }
        List<Event> loopEvents = CompactTraces.read(new String(loop, StandardCharsets.US_ASCII));
        byte[] good = CompactTraces.compact(loopEvents, true, 1000);
        int block = (int) CompactTraces.blockOffsets(good)[1];
        ByteBuffer v = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int payload = block + 36;
        int size = v.getInt(block + 4);
        // The section: its length, then the run lengths' sequence (count, rANS and bits lengths, rANS, bits),
        // then the run sizes' sequence, whose count is changed below.
        int[] at = {payload};
        CompactTraces.varint(good, at);
        CompactTraces.varint(good, at);
        long rans = CompactTraces.varint(good, at);
        long bits = CompactTraces.varint(good, at);
        int count = at[0] + (int) (rans + bits);
        assertTrue(good[payload] < 0 && good[count] < 0, "a section of at least 128 bytes and 128 sizes");
        for (int delta : new int[] {1, -1}) {
            byte[] d = good.clone();
            d[count] += (byte) delta;
            CRC32C c = new CRC32C();
            c.update(d, payload, size);
            ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putInt(payload + size, (int) c.getValue());
            List<Event> got = new ArrayList<>();
            TraceException ex = assertThrows(TraceException.class, () -> {
                try (TraceReader r = TraceReader.open(new ByteArrayInputStream(d), "mem", Leniency.STRICT)) {
                    r.forEach(e -> got.add(e.copy()));
                }
            });
            assertTrue(ex.getMessage().startsWith("mem: byte " + block + ": block 1: ")
                    && ex.getMessage().contains("run sizes: "), ex.getMessage());
            assertTrue(got.size() >= 1000, got.size() + " events before the damaged block");
        }
    }
    @Test
    void aDamagedFileHeaderIsReportedAtByteZero() {
        byte[] d = file.clone();
        d[13] ^= 4;
        String m = assertThrows(TraceException.class, () -> CompactTraces.read(d)).getMessage();
        assertEquals("mem: byte 0: file header checksum mismatch", m);
        byte[] v = file.clone();
        v[8] = 9;
        assertTrue(assertThrows(TraceException.class, () -> CompactTraces.read(v)).getMessage().contains("version 9"));
    }

    /** A file header (version 4, no flags) around {@code fields}, its checksum right. */
    private static byte[] header(int... fields) {
        ByteBuffer b = ByteBuffer.allocate(12 + fields.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(CompactFormat.MAGIC).put((byte) CompactFormat.VERSION).put((byte) 0).putShort((short) fields.length);
        for (int f : fields) {
            b.put((byte) f);
        }
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, b.position());
        return b.putInt((int) c.getValue()).array();
    }

    @Test
    void aHeaderNumberPastItsFieldOrLongerThan64BitsIsReportedWhereItStarts() {
        // Page size: key 2, a value of 1 byte that starts a number of 2.
        assertEquals("mem: byte 14: file header: number cut short",
                assertThrows(TraceException.class, () -> CompactTraces.read(header(2, 1, 0x80, 3, 1, 64))).getMessage());
        assertEquals("mem: byte 13: file header: number cut short",
                assertThrows(TraceException.class, () -> CompactTraces.read(header(1))).getMessage());
        assertEquals("mem: byte 12: file header: number longer than 64 bits", assertThrows(TraceException.class,
                () -> CompactTraces.read(header(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0))).getMessage());
        assertEquals("mem: byte 14: header field longer than the header",
                assertThrows(TraceException.class, () -> CompactTraces.read(header(1, 5, 0x41))).getMessage());
    }

    private static long usedMemory() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
