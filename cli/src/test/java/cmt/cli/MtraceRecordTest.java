package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.Sites;
import cmt.codec.Sites.Frame;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glibc's mtrace as a recorder: {@code cmt record --with mtrace} and {@code cmt mtrace2trace} on
 * {@link SitesProgram}, whose every block size comes from one function a known number of times. Each such
 * block must name that function, at the line of its call, through its caller's site.
 */
class MtraceRecordTest {
    @TempDir
    static Path dir;
    static Path program;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        SitesProgram.assumeGcc();
        assumeTrue(Stream.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64")
                .anyMatch(d -> Files.exists(Path.of(d, "libc_malloc_debug.so.0"))), "glibc older than 2.34");
        program = SitesProgram.build(dir);
    }

    @Test
    void recordNamesEveryBlocksCallerWithItsLine() {
        Path trace = dir.resolve("record.trace");
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "-o", trace.toString(), "--", program.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("under mtrace: ") && run.err().contains("only its caller"), run.err());
        attributed(trace, program.toString());
    }

    @Test
    void aRelativeProgramPathIsTakenFromTheWorkingDirectory() {
        // glibc writes the program as argv[0] named it, here relative to cmt's own working directory.
        String relative = Path.of("").toAbsolutePath().relativize(program).toString();
        assertFalse(relative.startsWith("/"), relative);
        Path trace = dir.resolve("relative.trace");
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "-o", trace.toString(), "--", relative);
        assertEquals(0, run.status(), run.err());
        assertFalse(run.err().contains("not found"), run.err());
        attributed(trace, program.toString());
    }

    @Test
    void aProgramLinkedAtAFixedAddressIsSymbolizedToo() throws IOException, InterruptedException {
        Path c = dir.resolve("sites-program.c");
        Path nopie = dir.resolve("sites-program-no-pie");
        Process p = new ProcessBuilder("gcc", "-O0", "-g", "-no-pie", "-o", nopie.toString(), c.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "gcc -no-pie failed");
        Path trace = dir.resolve("no-pie.trace");
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "-o", trace.toString(), "--", nopie.toString());
        assertEquals(0, run.status(), run.err());
        attributed(trace, nopie.toString());
    }

    @Test
    void aProgramFoundOnPathIsNamedByItsFileAndWhatItExecsIsNotRecorded() {
        // dash, found on PATH, allocates from its own code (glibc names it "sh") and then execs the program.
        Path sh = null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (sh == null && !d.isEmpty() && Files.isExecutable(Path.of(d, "sh"))) {
                sh = Path.of(d, "sh").toAbsolutePath().normalize();
            }
        }
        assumeTrue(sh != null, "no sh on PATH");
        Path trace = dir.resolve("sh.trace");
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "-o", trace.toString(), "--", "sh", "-c",
                program + "; true");
        assertEquals(0, run.status(), run.err());
        List<Event> events = new ArrayList<>();
        Sites sites;
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            r.forEach((Event e) -> events.add(e.copy()));
            sites = r.sites();
        }
        assertFalse(events.isEmpty(), run.err());
        assertTrue(events.stream().noneMatch(e -> SitesProgram.EXPECTED.containsKey(e.size)),
                "the program sh runs is not in sh's trace");
        List<String> modules = sites.asMap().values().stream().map(f -> f.getFirst().module()).distinct().toList();
        assertTrue(modules.contains(sh.toString()), modules + " holds " + sh);
        assertFalse(modules.contains("sh"), modules.toString());
    }

    /** Forks a child that allocates without exec, in sizes no call of the parent uses, while the parent does too. */
    private static final String FORK = """
            #include <stdlib.h>
            #include <unistd.h>
            #include <sys/wait.h>
            int main(void) {
                void *p = malloc(10);
                pid_t child = fork();
                for (int i = 0; i < 200; i++) {
                    void *volatile q = malloc((child == 0 ? 1000 : 2000) + i);
                    free(q);
                }
                if (child == 0) exit(0);
                waitpid(child, 0, 0);
                free(p);
                return 0;
            }
            """;

    @Test
    void aForkedChildIsNotRecordedAndCutsNoLine() throws IOException, InterruptedException {
        Path c = Files.writeString(dir.resolve("fork.c"), FORK);
        Path fork = dir.resolve("fork");
        Process p = new ProcessBuilder("gcc", "-O0", "-o", fork.toString(), c.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "gcc failed on fork.c");
        Path trace = dir.resolve("fork.trace");
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "-o", trace.toString(), "--", fork.toString());
        assertEquals(0, run.status(), run.err());
        assertFalse(run.err().contains("forked"), run.err());
        List<Event> events = new ArrayList<>();
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            r.forEach((Event e) -> events.add(e.copy()));
        }
        assertEquals(200, events.stream().filter(e -> e.op == Op.MALLOC && e.size >= 2000 && e.size < 2200).count());
        assertEquals(0, events.stream().filter(e -> e.size >= 1000 && e.size < 1200).count(), "the child's calls");
        assertEquals(1, events.stream().filter(e -> e.op == Op.MALLOC && e.size == 10).count(), "nothing repeated");
        assertTrue(run.err().contains(" 0 blocks live at the end"), run.err());
    }

    @Test
    void mtrace2traceOfALogWrittenByTheProgramItself() throws IOException, InterruptedException {
        // The program runs in its own directory as ./sites-program, so the log names it relative to there.
        Path log = dir.resolve("sites.mtrace");
        ProcessBuilder pb = new ProcessBuilder("./" + program.getFileName()).directory(dir.toFile()).inheritIO();
        pb.environment().put("LD_PRELOAD", "libc_malloc_debug.so.0:" + RecorderLibrary.mtraceStart());
        pb.environment().put("MALLOC_TRACE", log.toString());
        assertEquals(0, pb.start().waitFor());
        assertTrue(Files.readString(log).startsWith("= Start\n@ ./sites-program:["), Files.readString(log));

        Path trace = dir.resolve("sites.trace");
        CommandRun run = CommandRun.of("mtrace2trace", "--dir", dir.toString(), log.toString(), "-o", trace.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("cmt: " + log + ": "), run.err());
        attributed(trace, program.toString());

        // From another directory the program is not found: the frames stay as glibc wrote them, and it says so.
        Path unfound = dir.resolve("unfound.trace");
        run = CommandRun.of("mtrace2trace", log.toString(), "-o", unfound.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("not found, frames left as logged: ./sites-program"), run.err());
        try (TraceReader r = TraceReader.open(unfound, Leniency.STRICT)) {
            List<Event> events = new ArrayList<>();
            r.forEach((Event e) -> events.add(e.copy()));
            Event a = events.stream().filter(e -> e.size == 1001).findFirst().orElseThrow();
            Frame f = r.sites().frames(a.site).getFirst();
            assertEquals("./sites-program", f.module());
            assertNull(f.function(), "without -rdynamic dladdr names no function: " + f);
        }
    }

    @Test
    void optionsOfThePreloadRecorderAreRefused() {
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "--follow-forks", "-o",
                dir.resolve("x.trace").toString(), "--", program.toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("--follow-forks is an option of the preload recorder, not of mtrace"), run.err());
    }

    @Test
    void aStaticProgramWritesNothingAndThatIsAnError() throws IOException, InterruptedException {
        Path c = dir.resolve("sites-program.c");
        Path linked = dir.resolve("sites-program-static");
        Process p = new ProcessBuilder("gcc", "-O0", "-static", "-o", linked.toString(), c.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "no static libc to link with");
        Path trace = dir.resolve("static.trace");
        CommandRun run = CommandRun.of("record", "--with", "mtrace", "-o", trace.toString(), "--", linked.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("cmt: " + linked + ": byte 0: empty: mtrace wrote nothing, not even its '= Start' (the program is "
                + "statically linked, or did not call mtrace() with libc_malloc_debug.so.0 preloaded)\n", run.err());
        assertFalse(Files.exists(trace), "no trace is left behind");
    }

    /**
     * Checks that every block of each of {@link SitesProgram#EXPECTED}'s sizes has a site of one frame in
     * {@code module} naming the expected function at the line of its call in sites-program.c, and that
     * each size appears as often as the program allocates it: malloc for all but grow_d's reallocs, since
     * glibc writes calloc as malloc.
     */
    private static void attributed(Path trace, String module) {
        List<String> source = SitesProgram.SOURCE.lines().toList();
        Map<Long, Integer> seen = new HashMap<>();
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            List<Event> events = new ArrayList<>();
            r.forEach((Event e) -> events.add(e.copy()));
            for (Event e : events) {
                assertTrue(e.op == Op.MALLOC || e.op == Op.REALLOC || e.op == Op.FREE, "mtrace has three calls: " + e);
                SitesProgram.Expected x = SitesProgram.EXPECTED.get(e.size);
                if (x == null || e.op == Op.FREE) {
                    continue;
                }
                assertEquals(x.function().equals("grow_d") ? Op.REALLOC : Op.MALLOC, e.op, e.toString());
                List<Frame> frames = r.sites().frames(e.site);
                assertEquals(1, frames.size(), "site " + e.site + " of " + e + ": " + frames);
                Frame f = frames.getFirst();
                assertEquals(x.function(), f.function(), f.toString());
                assertEquals(module, f.module(), f.toString());
                assertTrue(f.file() != null && f.file().endsWith("sites-program.c"), f.toString());
                assertTrue(source.get(f.line() - 1).contains(" *" + x.function() + "("), f + " is the line of " + x.function());
                seen.merge(e.size, 1, Integer::sum);
            }
        }
        SitesProgram.EXPECTED.forEach((size, x) -> assertEquals(x.calls(), seen.getOrDefault(size, 0), x.function()));
    }
}
