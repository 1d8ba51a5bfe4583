package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code cmt sites} and {@code cmt diff} as a user runs them: a program with functions of known names and
 * call counts, recorded by each recorder that keeps call sites, attributed function by function.
 */
class SitesCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void gcc() {
        SitesProgram.assumeGcc();
    }

    @ParameterizedTest
    @ValueSource(strings = {"preload", "heaptrack", "mtrace"})
    void everyBlockToItsFunction(String recorder) throws Exception {
        assumeRecorder(recorder);
        Path trace = record(recorder);
        Out out = run("sites", "--by", "function", "--top", "0", "--width", "200", trace.toString());
        assertEquals(0, out.status, out.text);
        Map<String, Long> blocks = blocksByFunction(out.text);
        SitesProgram.EXPECTED.forEach((size, expected) -> assertEquals(expected.calls(),
                blocks.getOrDefault(expected.function(), 0L), recorder + ": blocks of " + expected.function() + "\n" + out.text));
        // Every block of the sizes the functions allocate is theirs: none left to another row.
        Out lines = run("sites", "--by", "line", "--top", "0", "--width", "200", trace.toString());
        assertTrue(lines.text.contains("sites-program.c:"), lines.text);
    }

    @Test
    void diffOfTwoRunsMatchesSitesByFrames() throws Exception {
        Path a = record("preload");
        Path b = dir.resolve("again.trace");
        CommandRun r = CommandRun.of("record", "--force", "-o", b.toString(), "--", SitesProgram.build(dir).toString());
        assertEquals(0, r.status(), r.err());
        Out out = run("diff", "--by", "function", "--top", "0", a.toString(), b.toString());
        assertEquals(0, out.status, out.text);
        for (SitesProgram.Expected e : SitesProgram.EXPECTED.values()) {
            String row = out.text.lines().filter(l -> l.endsWith("  " + e.function())).findFirst().orElseThrow(
                    () -> new AssertionError(e.function() + " missing from\n" + out.text));
            String[] cells = row.trim().split("\\s{2,}");
            // blocks before, after, change: the same program made the same blocks.
            assertEquals(e.calls(), Long.parseLong(cells[0]), row);
            assertEquals(e.calls(), Long.parseLong(cells[1]), row);
            assertEquals(0, Long.parseLong(cells[2]), row);
        }
    }

    @Test
    void aTraceWithoutSitesSaysSoInOneLine() throws Exception {
        Path t = Files.writeString(dir.resolve("plain.trace"), "malloc(8) = 10\nfree(10)\n");
        CommandRun r = CommandRun.of("sites", t.toString());
        assertEquals(Defaults.EXIT_BAD_INPUT, r.status());
        assertEquals("cmt: " + t + ": no call sites in this trace; record with cmt record or heaptrack\n", r.err());
        CommandRun bad = CommandRun.of("sites", "--by", "colour", t.toString());
        assertTrue(bad.err().contains("group sites by site, function, line or module, not colour"), bad.err());
    }

    private static Path record(String recorder) throws Exception {
        Path trace = dir.resolve(recorder + ".trace");
        if (!Files.exists(trace)) {
            CommandRun r = CommandRun.of("record", "--with", recorder, "-o", trace.toString(), "--",
                    SitesProgram.build(dir).toString());
            assertEquals(0, r.status(), r.err());
        }
        return trace;
    }

    private static void assumeRecorder(String recorder) {
        switch (recorder) {
            case "heaptrack" -> assumeTrue(Files.exists(Path.of("/usr/lib/heaptrack/libheaptrack_preload.so")),
                    "heaptrack is not installed");
            case "mtrace" -> assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0")),
                    "glibc's libc_malloc_debug.so.0 is missing");
            default -> {
            }
        }
    }

    /** The blocks column of each function row of {@code cmt sites --by function} (the function ends the line). */
    private static Map<String, Long> blocksByFunction(String text) {
        Map<String, Long> m = new HashMap<>();
        text.lines().skip(2).forEach(l -> {
            String[] cells = l.trim().split("\\s{2,}");
            m.merge(cells[cells.length - 1], Long.parseLong(cells[0].replace(",", "")), Long::sum);
        });
        return m;
    }

    private record Out(int status, String text) {
    }

    private static Out run(String... args) {
        StringWriter w = new StringWriter();
        CommandLine cl = Cmt.commandLine();
        cl.setOut(new PrintWriter(w, true));
        int status = cl.execute(args);
        return new Out(status, w.toString());
    }
}
