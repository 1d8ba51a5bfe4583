package cmt.codec.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.Sites.Frame;
import cmt.codec.Leniency;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import cmt.codec.TraceReader;
import cmt.codec.TraceWriter;
import cmt.codec.Format;
import cmt.codec.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text trace's call sites: site= on allocations and the #site table after the events. */
class SiteLinesTest {
    private static final String EXAMPLE = "#site\t3\talloc_a\t/src/t.c:12\t/usr/bin/t\t0x1189\tmain\t/src/t.c:40\t/usr/bin/t\t0x11c4";

    @Test
    void theWorkedExampleOfTheJavadoc() {
        Sites s = read("malloc(8) = 0x10 site=3\nfree(0x10)\n" + EXAMPLE + "\n").sites;
        assertEquals(List.of(new Frame("/usr/bin/t", 0x1189, "alloc_a", "/src/t.c", 12),
                new Frame("/usr/bin/t", 0x11c4, "main", "/src/t.c", 40)), s.frames(3));
        assertEquals("alloc_a (/src/t.c:12)", s.frames(3).getFirst().toString());
        assertEquals(EXAMPLE, SiteLines.format(3, s.frames(3)));
    }

    @Test
    void sitesAndTheirTableRoundTrip() {
        Sites table = new Sites();
        table.define(0, List.of(new Frame("/lib/libstdc++.so.6", 0xabc,
                "std::vector<std::pair<int, long>, std::allocator<std::pair<int, long> > >::operator|(int) const",
                null, 0), Frame.at(null, 0x7fff1234), new Frame("/bin/t", 5, null, "/src/with space.c", 7)));
        table.define(9, List.of(Frame.at("/bin/t", 0x10)));
        String text = "malloc(8) = 0x10 tid=1 ns=5 site=0\nrealloc(0x10, 16) = 0x20 site=9\nfree(0x20) tid=1\n";
        Read r = read(text);
        for (boolean tagged : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TraceWriter w = TraceWriter.open(bytes, "t", Format.TEXT, WriteOptions.DEFAULT.withTagged(tagged))) {
                w.sites(table);
                r.events.forEach(w::write);
            }
            Read back = read(bytes.toString(StandardCharsets.UTF_8));
            assertEquals(table, back.sites);
            assertEquals(0, back.events.get(0).site);
            assertEquals(9, back.events.get(1).site);
            assertEquals(Event.NONE, back.events.get(2).site);
        }
    }

    @Test
    void withoutSitesNothingChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.open(bytes, "t", Format.TEXT, WriteOptions.DEFAULT.withTagged(false))) {
            read("malloc(8) = 0x10 tid=1\nfree(0x10)\n").events.forEach(w::write);
        }
        assertEquals("malloc(8) = 0x10 tid=1\nfree(0x10)\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badSitesAreOneLineErrors() {
        assertEquals("t:2: a free has no call site (site= is for allocations): free(0x10) site=1",
                error("malloc(8) = 0x10\nfree(0x10) site=1\n"));
        assertTrue(error("malloc(8) = 0x10\n#site\t1\tf\tx.c\n").startsWith("t:2: a site line is"));
        assertTrue(error("#site\tone\n").startsWith("t:1: site id 'one' is not a number"));
        assertTrue(error("#site\t1\tf\tx.c:12\tm\t1189\n").startsWith("t:1: frame 0: offset '1189' is not 0x"));
        assertTrue(error("#site\t1\tf\tx.c\tm\t0x1\n").startsWith("t:1: frame 0: 'x.c' is not FILE:LINE"));
        assertTrue(error("malloc(8) = 0x10 site=18446744073709551615\n").contains("reserved"));
    }

    private record Read(List<Event> events, Sites sites) {
    }

    private static Read read(String text) {
        List<Event> events = new ArrayList<>();
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t",
                Leniency.STRICT)) {
            r.forEach((Event e) -> events.add(e.copy()));
            return new Read(events, r.sites());
        }
    }

    private static String error(String text) {
        return assertThrows(TraceException.class, () -> read(text)).getMessage();
    }
}
