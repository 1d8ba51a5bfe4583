package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files of every earlier version stay readable. {@code loop-v1.cmtz} to {@code loop-v4.cmtz} are
 * {@code loop.trace} (600 turns of a loop that allocates a random length and length + 1, with a calloc and
 * a realloc every 50 turns) as the version-1, 2 and 3 writers wrote it, with addresses, in blocks of 1000
 * events: the kind of trace each later version codes differently (version 2 with runs, version 3 with the
 * runs' fresh sizes apart), so a reader that took an older file for the newest version would not get the
 * trace back; {@code loop-v4-packed.cmtz} is the same with packed blocks. {@code threads-v4.cmtz} and
 * {@code threads-v4-packed.cmtz} are the first 3,000 events of the bundled {@code java-preload} sample
 * (several threads, times) as the version-4 writer wrote them, with addresses, in blocks of 1000, without the call
 * sites it could not hold: their threads are coded with the regions that version 5 shares with sites.
 * {@code loop-v5.cmtz}, {@code loop-v5-packed.cmtz}, {@code sites-v5.cmtz} and {@code sites-v5-packed.cmtz}
 * are the loop and those 3,000 events with their call sites as the version-5 writer wrote them, whose
 * header flag said the coding of every block (version 6 says it per block).
 */
class CompactVersionTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CompactVersionTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static List<Event> loop() throws IOException {
        return CompactTraces.read(new String(resource("loop.trace"), StandardCharsets.US_ASCII));
    }

    @Test
    void olderFilesReadAsTheyWereWritten() throws IOException {
        List<Event> text = loop();
        assertEquals(2436, text.size());
        for (int version = 1; version < CompactFormat.VERSION; version++) {
            byte[] old = resource("loop-v" + version + ".cmtz");
            assertEquals(version, old[8]);
            assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(old), true));
        }
        for (int version = 4; version <= 5; version++) {
            byte[] packed = resource("loop-v" + version + "-packed.cmtz");
            assertEquals(version, packed[8]);
            assertEquals(CompactFormat.FLAG_PACKED | CompactFormat.FLAG_ADDRESSES, packed[9]);
            assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(packed), true));
        }
    }

    @Test
    void version5CallSitesReadAsTheyWereWritten() throws IOException {
        List<Event> want = javaPreload(false);
        for (String name : new String[] {"sites-v5.cmtz", "sites-v5-packed.cmtz"}) {
            byte[] old = resource(name);
            assertEquals(5, old[8]);
            List<Event> got = CompactTraces.read(old);
            assertEquals(CompactTraces.fields(want, true), CompactTraces.fields(got, true), name);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).site, got.get(i).site, name + ": site of event " + i);
            }
        }
    }

    /** The first 3,000 events of the bundled java-preload sample, less their sites if {@code withoutSites}. */
    private static List<Event> javaPreload(boolean withoutSites) throws IOException {
        Path sample = Path.of(System.getProperty("cmt.root", ".."), "samples", "java-preload.trace.xz");
        assumeTrue(Files.exists(sample), "no samples folder");
        List<Event> want = new ArrayList<>();
        try (TraceReader r = TraceReader.open(sample, Leniency.STRICT)) {
            Event e = new Event();
            while (want.size() < 3000 && r.next(e)) {
                Event c = e.copy();
                if (withoutSites) {
                    c.site = Event.NONE;
                }
                want.add(c);
            }
        }
        assertTrue(want.stream().map(e -> e.thread).distinct().count() > 1, "several threads");
        return want;
    }

    @Test
    void version4ThreadsAndTimesReadAsTheyWereWritten() throws IOException {
        List<Event> want = javaPreload(true);
        for (String name : new String[] {"threads-v4.cmtz", "threads-v4-packed.cmtz"}) {
            byte[] old = resource(name);
            assertEquals(4, old[8]);
            assertEquals(CompactTraces.fields(want, true), CompactTraces.fields(CompactTraces.read(old), true), name);
        }
    }

    @Test
    void theWriterWritesTheNewestVersionWithTheRunsFreshSizesApart() throws IOException {
        List<Event> text = loop();
        byte[] file = CompactTraces.compact(text, true, 1000);
        assertEquals(CompactFormat.VERSION, file[8]);
        assertEquals(CompactTraces.fields(text, true), CompactTraces.fields(CompactTraces.read(file), true));
        int payload = 12 + ((file[10] & 0xFF) | (file[11] & 0xFF) << 8) + 4 + CompactFormat.BLOCK_HEADER + 4;
        int section = (file[payload] & 0x7F) | (file[payload + 1] & 0x7F) << 7;
        assertTrue(file[payload] < 0 && section > 200, "the first block's run sizes take " + section + " bytes");
    }
}
