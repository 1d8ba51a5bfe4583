package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.WriteOptions;
import com.github.luben.zstd.Zstd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call sites in the compact format (version 5): every site id and every stack of the bundled recordings
 * comes back from both codings, with and without addresses; the sites section is found from the index;
 * a damaged table is refused with an error naming the byte of the refused number; a version-4 file may
 * not carry sites.
 */
class CompactSitesTest {
    @TempDir
    Path dir;

    /** A recording's events and sites, as read from its text. */
    record Recording(List<Event> events, Sites sites) {
    }

    private static Recording read(TraceReader r) {
        List<Event> events = new ArrayList<>();
        r.forEach(e -> events.add(e.copy()));
        return new Recording(events, r.sites());
    }

    private static Recording read(byte[] b) {
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(b), "mem", Leniency.STRICT)) {
            return read(r);
        }
    }

    private static byte[] write(Recording rec, WriteOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CompactWriter w = new CompactWriter(out, "mem", options)) {
            rec.events().forEach(w::write);
            w.sites(rec.sites());
            assertEquals("", w.lost());
        }
        return out.toByteArray();
    }

    private static Recording sample(String name) {
        Path p = Path.of(System.getProperty("cmt.root", ".."), "samples", name);
        assumeTrue(Files.exists(p), "no samples folder");
        try (TraceReader r = TraceReader.open(p, Leniency.STRICT)) {
            return read(r);
        }
    }

    @Test
    void recordingsKeepEverySiteInBothCodings() throws IOException {
        for (String name : new String[] {"python-preload.trace.xz", "java-preload.trace.xz"}) {
            Recording text = sample(name);
            assertTrue(text.sites().size() > 100, name + ": " + text.sites().size() + " sites");
            for (boolean packed : new boolean[] {false, true}) {
                for (boolean addresses : new boolean[] {false, true}) {
                    String what = name + (packed ? " packed" : " modelled") + (addresses ? " with addresses" : "");
                    byte[] file = write(text, WriteOptions.DEFAULT.withAddresses(addresses).withCoding(packed ? WriteOptions.Coding.PACKED : WriteOptions.Coding.MODELLED));
                    Recording back = read(file);
                    assertEquals(CompactTraces.fields(text.events(), addresses), CompactTraces.fields(back.events(), addresses), what);
                    assertEquals(text.sites(), back.sites(), what);
                    Path f = Files.write(dir.resolve("t.cmtz"), file);
                    long at = CompactIndex.read(f).sitesOffset();
                    assertEquals(CompactFormat.SITES_MARKER,
                            ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt((int) at), what);
                }
            }
        }
    }

    @Test
    void theTableStoresEachStringAndFrameOnce() {
        Recording java = sample("java-preload.trace.xz");
        long frames = java.sites().asMap().values().stream().mapToLong(List::size).sum();
        byte[] table = SiteTable.write(java.sites());
        // Text spells every frame out: module path, function, file and offset per frame of every stack.
        assertTrue(table.length * 8L < textBytes(java.sites()), table.length + " bytes for " + frames + " frames");
        Sites back = new Sites();
        SiteTable.read(new Varint.Reader("t").over(table, 0, table.length), back);
        assertEquals(java.sites(), back);
    }

    private static long textBytes(Sites sites) {
        long n = 0;
        for (long id : sites.ids()) {
            n += cmt.codec.text.SiteLines.format(id, sites.frames(id)).length() + 1;
        }
        return n;
    }

    @Test
    void withoutSitesThereIsNoSectionAndTheIndexSaysSo() throws IOException {
        Recording text = new Recording(CompactTraces.read("malloc(8) = 0x10\nfree(0x10)\n"), new Sites());
        byte[] file = write(text, WriteOptions.DEFAULT);
        assertEquals(0, CompactIndex.read(Files.write(dir.resolve("t.cmtz"), file)).sitesOffset());
        assertTrue(read(file).sites().isEmpty());
    }

    // ---- damage ----

    /** Two sites of the worked example of FORMAT.md section 8.1, packed without addresses. */
    private static final String EXAMPLE = """
            malloc(16) = 0x10 site=0
            malloc(32) = 0x30 site=1
            free(0x10)
            #site\t0\talloc_a\tt.c:12\t/usr/bin/t\t0x1189\tmain\tt.c:40\t/usr/bin/t\t0x11c4
            #site\t1\tmain\tt.c:41\t/usr/bin/t\t0x11d0
            """;
    /** Where that file's sites section starts. */
    private static final int SECTION = 0x57;

    private static Recording exampleRecording() {
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(EXAMPLE.getBytes()), "t", Leniency.STRICT)) {
            return read(r);
        }
    }

    private static byte[] example() {
        return write(exampleRecording(), WriteOptions.DEFAULT.withAddresses(false).withCoding(WriteOptions.Coding.PACKED));
    }

    /** The example with its table replaced by {@code table}, every checksum, offset and the footer right. */
    private static byte[] withTable(byte[] table) {
        byte[] file = example();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, SECTION);
        byte[] body = concat(new byte[] {(byte) table.length}, Zstd.compress(table, SiteTable.ZSTD_LEVEL));
        assertTrue(table.length < 128);
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(CompactFormat.SITES_MARKER)
                .putInt(body.length);
        CRC32C c = new CRC32C();
        c.update(h.array());
        c.update(body);
        out.writeBytes(h.array());
        out.writeBytes(body);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) c.getValue()).array());
        ByteBuffer v = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int index = (int) v.getLong(file.length - 16);
        int indexBytes = file.length - 16 - index;
        long indexAt = out.size();
        byte[] ix = Arrays.copyOfRange(file, index, index + indexBytes);
        c.reset();
        c.update(ix, 0, indexBytes - 4);
        ByteBuffer.wrap(ix).order(ByteOrder.LITTLE_ENDIAN).putInt(indexBytes - 4, (int) c.getValue());
        out.writeBytes(ix);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(indexAt).array());
        out.writeBytes(CompactFormat.END_MAGIC);
        return out.toByteArray();
    }

    private static byte[] table() {
        return SiteTable.write(exampleRecording().sites());
    }

    private static String error(byte[] file) {
        TraceException ex = assertThrows(TraceException.class, () -> read(file));
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
        return ex.getMessage();
    }

    @Test
    void theRebuiltExampleIsTheExample() {
        assertTrue(Arrays.equals(example(), withTable(table())));
    }

    @Test
    void aDamagedTableIsRefusedWhereTheRefusedNumberStarts() {
        byte[] t = table();
        // Byte 0: 4 strings; 1: the first's length (10), then "/usr/bin/t"; 12: 7, "alloc_a"; 20: 3, "t.c";
        // 24: 4, "main"; 29: 3 frames from 30, of 6 bytes each (module 1, offset 89 23, function, file, line);
        // 48: 2 stacks; 49: gap 0, depth 2, frames 0 and 1; 53: gap 0, depth 1, frame 2.
        assertEquals(4, t[0]);
        assertEquals(2, t[48]);
        // {byte changed, its new value, the byte the error names, the error}
        String[][] cases = {
            {"0", "7f", "0", ": strings: 127 is more than the 55 bytes left"},
            {"12", "00", "12", ": string 2 is empty"},
            {"13", "ff", "12", ": string 2 is not UTF-8"},
            {"30", "09", "30", ": module names string 9, of 4"},
            {"33", "09", "33", ": function names string 9, of 4"},
            {"51", "03", "51", ": site 0 names frame 3, of 3"},
            {"53", "ff", "55", ": site 256's depth: 2 is more than the 0 bytes left"},
            {"55", "80", "55", ": number cut short"},
        };
        for (String[] c : cases) {
            byte[] d = t.clone();
            d[Integer.parseInt(c[0])] = (byte) Integer.parseInt(c[1], 16);
            assertEquals("mem: byte " + SECTION + ": sites table, byte " + c[2] + c[3], error(withTable(d)), c[0]);
        }
        byte[] longer = Arrays.copyOf(t, t.length + 1);
        assertEquals("mem: byte " + SECTION + ": sites table, byte " + t.length + ": 1 bytes after the last site",
                error(withTable(longer)));
        byte[] lineTooBig = withTable(concat(Arrays.copyOf(t, 34), new byte[] {3, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 8},
                Arrays.copyOfRange(t, 36, t.length)));
        assertEquals("mem: byte " + SECTION + ": sites table, byte 35: frame 0: line 2147483648 out of range", error(lineTooBig));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aDamagedOrMisplacedSectionIsRefused() {
        byte[] file = example();
        byte[] flipped = file.clone();
        flipped[SECTION + 12] ^= 1;
        assertEquals("mem: byte " + SECTION + ": sites section: checksum mismatch", error(flipped));
        byte[] cut = Arrays.copyOf(file, SECTION + 18);
        assertEquals("mem: byte " + SECTION + ": sites section: truncated: 66 bytes of section, only 10 present", error(cut));
        // A frame that inflates to more or less than the table's declared length.
        for (int declared : new int[] {55, 57}) {
            byte[] t = table();
            byte[] d = withTable(t);
            d[SECTION + 8] = (byte) declared;
            CRC32C c = new CRC32C();
            int length = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).getInt(SECTION + 4);
            c.update(d, SECTION, 8 + length);
            ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putInt(SECTION + 8 + length, (int) c.getValue());
            assertEquals("mem: byte " + SECTION + ": sites section " + (declared < t.length ? "holds more than its 55 bytes"
                    : "holds 56 bytes, not 57"), error(d));
        }
        byte[] huge = file.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(SECTION + 4, -1);
        assertEquals("mem: byte " + (SECTION + 4) + ": sites section: length 4294967295 exceeds the limit of 2^30", error(huge));
        // The index must point at the section.
        byte[] moved = file.clone();
        ByteBuffer v = ByteBuffer.wrap(moved).order(ByteOrder.LITTLE_ENDIAN);
        int index = (int) v.getLong(moved.length - 16);
        v.putLong(index + 16, SECTION + 1);
        CRC32C c = new CRC32C();
        c.update(moved, index, moved.length - 16 - 4 - index);
        v.putInt(moved.length - 16 - 4, (int) c.getValue());
        assertTrue(error(moved).endsWith("index does not point at the sites section"), error(moved));
    }

    @Test
    void aVersion4FileCannotCarrySites() {
        byte[] file = example();
        file[8] = 4;
        int fields = (file[10] & 0xFF) | (file[11] & 0xFF) << 8;
        CRC32C c = new CRC32C();
        c.update(file, 0, 12 + fields);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(12 + fields, (int) c.getValue());
        // 48: call sites (16) and, as version 6 says it, packed (32); version 4 knows neither.
        assertEquals("mem: byte 25: block 0: block flags 48 do not match the file", error(file));
    }
}
