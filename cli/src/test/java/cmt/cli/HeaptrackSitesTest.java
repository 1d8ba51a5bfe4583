package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.Sites;
import cmt.codec.Sites.Frame;
import cmt.codec.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records {@link SitesProgram} with heaptrack, through {@code cmt record --with heaptrack} and through a
 * raw file given to {@code cmt heaptrack2trace}, and checks that every block of a known size names the
 * function that allocated it, at its source line, called from main's line that calls it.
 */
class HeaptrackSitesTest {
    private static final Path PRELOAD = Path.of("/usr/lib/heaptrack/libheaptrack_preload.so");

    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        SitesProgram.assumeGcc();
        assumeTrue(Files.exists(PRELOAD), "heaptrack is not installed");
    }

    @Test
    void recordKeepsHeaptrackStacks() throws Exception {
        Path program = SitesProgram.build(dir);
        Path trace = dir.resolve("record.trace");
        CommandRun run = CommandRun.of("record", "--with", "heaptrack", "-o", trace.toString(), "--", program.toString());
        assertEquals(0, run.status(), run.err());
        everyBlockNamesItsFunction(trace, program);
    }

    @Test
    void heaptrack2traceKeepsTheStacksOfARawFile() throws Exception {
        Path program = SitesProgram.build(dir);
        Path raw = dir.resolve("sites-program.raw");
        ProcessBuilder pb = new ProcessBuilder(program.toString()).inheritIO();
        pb.environment().put("LD_PRELOAD", PRELOAD.toString());
        pb.environment().put("DUMP_HEAPTRACK_OUTPUT", raw.toString());
        assertEquals(0, pb.start().waitFor());
        assertTrue(Files.readString(raw).lines().anyMatch(l -> l.startsWith("t ")), "heaptrack wrote no stacks");
        Path trace = dir.resolve("converted.trace");
        CommandRun run = CommandRun.of("heaptrack2trace", raw.toString(), "-o", trace.toString());
        assertEquals(0, run.status(), run.err());
        everyBlockNamesItsFunction(trace, program);
    }

    private static void everyBlockNamesItsFunction(Path trace, Path program) throws Exception {
        String exe = program.toRealPath().toString();
        Map<Long, Integer> seen = new HashMap<>();
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            List<Event> events = new ArrayList<>();
            r.forEach((Event e) -> events.add(e.copy()));
            Sites sites = r.sites();
            assertFalse(sites.isEmpty(), "the trace has no site table");
            for (Event e : events) {
                if (e.op == Op.FREE) {
                    assertEquals(Event.NONE, e.site, "a free has no site: " + e);
                    continue;
                }
                SitesProgram.Expected want = SitesProgram.EXPECTED.get(e.size);
                if (want == null) {
                    continue;
                }
                // heaptrack writes calloc as malloc, and the realloc in grow_d as a free of the old block and
                // a malloc of the new one, whose stack is the realloc's: grow_d's.
                assertEquals(Op.MALLOC, e.op, e.toString());
                List<Frame> frames = sites.frames(e.site);
                assertTrue(frames.size() >= 2, "site " + e.site + " of " + e + ": " + frames);
                Frame inner = frames.get(0);
                assertEquals(want.function(), inner.function(), frames.toString());
                assertEquals(exe, inner.module(), frames.toString());
                assertTrue(inner.file() != null && inner.file().endsWith("sites-program.c"), frames.toString());
                assertEquals(line(" *" + want.function() + "("), inner.line(), frames.toString());
                Frame caller = frames.get(1);
                assertEquals("main", caller.function(), frames.toString());
                assertEquals(line("= " + want.function() + "("), caller.line(), frames.toString());
                seen.merge(e.size, 1, Integer::sum);
            }
        }
        Map<Long, Integer> expected = new HashMap<>();
        SitesProgram.EXPECTED.forEach((size, want) -> expected.put(size, want.calls()));
        assertEquals(expected, seen);
    }

    /** The 1-based line of SitesProgram's source that holds {@code text}, which must be on exactly one. */
    private static int line(String text) {
        List<String> lines = SitesProgram.SOURCE.lines().toList();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                assertEquals(-1, found, "'" + text + "' is on more than one line");
                found = i + 1;
            }
        }
        assertTrue(found > 0, "'" + text + "' is on no line");
        return found;
    }
}
