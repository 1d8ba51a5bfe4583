package cmt.codec.compact;

import cmt.codec.WriteOptions;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.text.TextWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Helpers of the compact format tests: traces in memory, encoded and decoded, and the shared data folder. */
public final class CompactTraces {
    private CompactTraces() {
    }

    /**
     * A file of {@code ../shared/data}, or a skipped test where that folder is absent. The environment
     * variable {@code CMT_SHARED} overrides the build's {@code cmt.shared} (for a checkout elsewhere).
     */
    public static Path shared(String name) {
        String root = System.getenv().getOrDefault("CMT_SHARED", System.getProperty("cmt.shared", "../../shared"));
        Path p = Path.of(root, "data", name);
        Assumptions.assumeTrue(Files.isReadable(p), "no " + p);
        return p;
    }

    /** Every event of {@code bytes} (any format) as resolved copies. */
    public static List<Event> read(byte[] bytes) {
        List<Event> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(bytes), "mem", Leniency.STRICT)) {
            r.forEach(e -> out.add(e.copy()));
        }
        return out;
    }

    public static List<Event> read(Path p) {
        List<Event> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(p, Leniency.STRICT)) {
            r.forEach(e -> out.add(e.copy()));
        }
        return out;
    }

    public static List<Event> read(String text) {
        return read(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code events} in the compact format with modelled blocks. */
    public static byte[] compact(List<Event> events, boolean addresses, int blockEvents) {
        return write(events, WriteOptions.DEFAULT.withAddresses(addresses).withBlockEvents(blockEvents)
                .withCoding(WriteOptions.Coding.MODELLED));
    }

    /** {@code events} in the compact format written with {@code options}. */
    public static byte[] write(List<Event> events, WriteOptions options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (CompactWriter w = new CompactWriter(b, "mem", options)) {
            events.forEach(w::write);
        }
        return b.toByteArray();
    }

    public static byte[] compact(List<Event> events, boolean addresses) {
        return compact(events, addresses, CompactFormat.DEFAULT_BLOCK_EVENTS);
    }

    /** {@code events} in the compact format with packed blocks. */
    public static byte[] packed(List<Event> events, boolean addresses, int blockEvents) {
        return write(events, WriteOptions.DEFAULT.withAddresses(addresses).withBlockEvents(blockEvents)
                .withCoding(WriteOptions.Coding.PACKED));
    }

    public static byte[] packed(List<Event> events, boolean addresses) {
        return packed(events, addresses, CompactFormat.DEFAULT_BLOCK_EVENTS);
    }

    /** {@code events} written by {@code format}'s writer. */
    public static byte[] write(List<Event> events, Format format) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.open(b, "mem", format, WriteOptions.DEFAULT)) {
            events.forEach(w::write);
        }
        return b.toByteArray();
    }

    /** The tagged text of {@code events}, one line each. */
    public static String text(List<Event> events) {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append(TextWriter.format(e, true)).append('\n');
        }
        return b.toString();
    }

    /** Every field a reader fills, except addresses when {@code withAddresses} is false. */
    public static String fields(Event e, boolean withAddresses) {
        return e.op + " " + e.size + " " + e.tag + " " + e.oldTag + " " + e.oldSize + " " + e.oldIndex + " "
                + e.count + " " + e.alignment + " " + e.thread + " " + e.timestamp + " " + e.site + " " + e.index
                + (withAddresses ? " " + Long.toHexString(e.address) + " " + Long.toHexString(e.oldAddress) : "");
    }

    public static List<String> fields(List<Event> events, boolean withAddresses) {
        return events.stream().map(e -> fields(e, withAddresses)).toList();
    }

    /** File offsets of a compact file's blocks, from the index at its end. */
    public static long[] blockOffsets(byte[] file) {
        ByteBuffer v = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int index = (int) v.getLong(file.length - 16);
        int n = v.getInt(index + 4);
        int entries = (int) CompactFormat.indexBytes(file[8], 0) - 4;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = v.getLong(index + entries + 16 * i + 8);
        }
        return out;
    }

    /** The block that byte {@code offset} falls in, given the blocks' offsets; -1 before the first. */
    public static int blockOf(long[] starts, long offset) {
        int b = -1;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] <= offset) {
                b = i;
            }
        }
        return b;
    }

    /** The LEB128 varint at {@code at[0]}, which moves past it. */
    public static long varint(byte[] b, int[] at) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[at[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}
