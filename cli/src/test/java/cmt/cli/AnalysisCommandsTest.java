package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cmt stats} and {@code cmt report} on traces the test writes. */
class AnalysisCommandsTest {
    @TempDir
    Path dir;

    /** Runs the command line capturing stdout and stderr. */
    record Output(int status, String out, String err) {
        static Output of(String... args) {
            CommandLine cl = Cmt.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int status = cl.execute(args);
            return new Output(status, out.toString(), err.toString());
        }
    }

    @Test
    void statsPrintsTheSummary() throws IOException {
        // peak blocks: 2 after event 1; peak bytes: 1000 after the realloc (event 3); both ended blocks
        // (freed at event 2, reallocated at 3) lived 2 events
        Path t = Files.writeString(dir.resolve("a.trace"),
                "malloc(8) = 10\nmalloc(300) = 40\nfree(10)\nrealloc(40, 1000) = 400\n");
        Output o = Output.of("stats", t.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals(t + ": text trace\n"
                + "events                                  4 events\n"
                + "  malloc                                2 events\n"
                + "  calloc                                0 events\n"
                + "  aligned                               0 events\n"
                + "  realloc                               1 events\n"
                + "  free                                  1 events\n"
                + "threads                                 0 threads\n"
                + "allocated                           1,308 bytes\n"
                + "freed                                 308 bytes\n"
                + "peak live blocks                        2 blocks (at event 1)\n"
                + "peak live bytes                     1,000 bytes (at event 3)\n"
                + "live blocks at end                      1 blocks\n"
                + "live bytes at end                   1,000 bytes\n"
                + "size p50                              300 bytes\n"
                + "size p90                            1,000 bytes\n"
                + "size p99                            1,000 bytes\n"
                + "size max                            1,000 bytes\n"
                + "lifetime p50                            2 events\n"
                + "lifetime p90                            2 events\n"
                + "lifetime p99                            2 events\n"
                + "lifetime max                            2 events\n", o.out());
    }

    @Test
    void statsOfBadInputIsOneLineAndStatus1() throws IOException {
        Path t = Files.writeString(dir.resolve("bad.trace"), "malloc(8) = 10\nfree(20)\n");
        Output o = Output.of("stats", t.toString());
        assertEquals(1, o.status());
        assertEquals("cmt: " + t + ":2: free of a block that is not live: free(20)\n", o.err());
        Output lenient = Output.of("stats", "--lenient", t.toString());
        assertEquals(0, lenient.status(), lenient.err());
        assertTrue(lenient.out().contains("lenient: free of a pointer that is not live dropped"), lenient.out());
    }

    @Test
    void reportWritesOnePageAndNeverReplacesWithoutForce() throws IOException {
        Path t = Files.writeString(dir.resolve("a.trace"), "malloc(8) = 10\nmalloc(300) = 40\nfree(10)\n");
        Path html = dir.resolve("report.html");
        Output o = Output.of("report", t.toString(), "-o", html.toString());
        assertEquals(0, o.status(), o.err());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<h1>cmt report: " + t + "</h1>"));
        assertFalse(page.contains("<script src"));

        Files.writeString(html, "keep me");
        Output again = Output.of("report", t.toString(), "-o", html.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals("keep me", Files.readString(html));
        assertEquals(0, Output.of("report", "--force", "--page-size", "16384", t.toString(), "-o", html.toString()).status());
        assertTrue(Files.readString(html).contains("16384-byte pages"));
    }

    @Test
    void reportUsageErrors() throws IOException {
        Path t = Files.writeString(dir.resolve("a.trace"), "malloc(8) = 10\n");
        assertEquals(2, Output.of("report", t.toString()).status(), "-o is required");
        assertEquals(2, Output.of("report", "--page-size", "1000", t.toString(), "-o", dir.resolve("x").toString()).status());
        Path bad = Files.writeString(dir.resolve("bad.trace"), "free(20)\n");
        Path out = dir.resolve("bad.html");
        assertEquals(1, Output.of("report", bad.toString(), "-o", out.toString()).status());
        assertFalse(Files.exists(out), "no page for bad input");
    }
}
