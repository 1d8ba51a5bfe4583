package cmt.codec.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.Input;
import cmt.codec.TraceException;
import cmt.codec.text.TextWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder's stream as {@link RecorderStream} specifies it, read by {@link PreloadConverter}. */
class PreloadConverterTest {
    /** The events record of RecorderStream's worked example, byte for byte. */
    static final byte[] EXAMPLE = HexFormat.of().parseHex(
            "290002013412000035120000" + "0700000000000000" + "e803000000000000" + "01000018" + "80a001" + "040150" + "80a001");

    @Test
    void theWorkedExampleMergedWithTheEventOfAnotherThread() {
        // Thread 4661's record arrives first; event 8 (thread 4662's) must come between its two events.
        byte[] stream = concat(start(4660), EXAMPLE, events(4660, 4662, 8, 1040, "01" + "00" + "00" + "10" + "80c001"),
                end(4660, 0, 0, 10));
        assertEquals(List.of("malloc(24) = 0x5000 tid=4661 ns=1000", "malloc(16) = 0x6000 tid=4662 ns=1040",
                "free(0x5000) tid=4661 ns=1080"), convert(stream, new ArrayList<>()));
    }

    @Test
    void aStreamCutInsideARecordKeepsWhatCameBefore() {
        byte[] whole = concat(start(1), events(1, 1, 0, 5, "01" + "00" + "00" + "08" + "10"), EXAMPLE);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        List<String> notes = new ArrayList<>();
        assertEquals(List.of("malloc(8) = 0x10 tid=1 ns=5"), convert(cut, notes));
        assertTrue(notes.getFirst().contains("the stream ends inside a record"), notes.toString());
    }

    @Test
    void badStreamsAreOneLineErrorsWithTheByteOffset() {
        assertEquals("t: byte 0: record length 2 is not 12 to 4096 (not a cmt recorder stream?)",
                error(new byte[] {2, 0, 2, 1}));
        int s = start(1).length;
        assertEquals("t: byte " + s + ": unknown record kind 9", error(concat(start(1), record(9, 1, 1, ""))));
        assertEquals("t: byte 0: record of process 1 before its start record", error(events(1, 1, 0, 0, "")));
        assertEquals("t: byte " + s + ": unknown operation 99 at record byte 28",
                error(concat(start(1), events(1, 1, 0, 0, "63"))));
        assertEquals("t: byte " + s + ": an item runs past the record's end",
                error(concat(start(1), events(1, 1, 0, 0, "0100"))));
    }

    private static String error(byte[] stream) {
        return assertThrows(TraceException.class, () -> convert(stream, new ArrayList<>())).getMessage();
    }

    private static List<String> convert(byte[] stream, List<String> notes) {
        List<String> lines = new ArrayList<>();
        PreloadConverter c = Converter.preload(null);
        c.convert(Input.of(new ByteArrayInputStream(stream), "t", stream.length),
                (Event e) -> lines.add(TextWriter.format(e, false)));
        notes.addAll(c.notes());
        return lines;
    }

    static byte[] start(long pid) {
        byte[] exe = "/bin/t".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(24 + exe.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(0).putInt(0).putLong(0).putInt(4096).put(exe);
        return record(RecorderStream.START, pid, pid, HexFormat.of().formatHex(b.array()));
    }

    static byte[] events(long pid, long tid, long seq, long ns, String items) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(seq).putLong(ns);
        return record(RecorderStream.EVENTS, pid, tid, HexFormat.of().formatHex(b.array()) + items);
    }

    static byte[] end(long pid, int how, int value, long issued) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(how).putInt(value).putLong(issued);
        return record(RecorderStream.END, pid, pid, HexFormat.of().formatHex(b.array()));
    }

    static byte[] record(int kind, long pid, long tid, String bodyHex) {
        byte[] body = HexFormat.of().parseHex(bodyHex);
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (12 + body.length)).put((byte) kind).put((byte) RecorderStream.VERSION)
                .putInt((int) pid).putInt((int) tid).put(body);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
