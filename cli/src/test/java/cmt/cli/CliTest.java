package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit statuses, one-line errors and file safety of the command line, on traces the test writes. */
class CliTest {
    @TempDir
    Path dir;

    @Test
    void badInputIsOneLineNamingFileAndLineWithStatus1() throws IOException {
        Path t = Files.writeString(dir.resolve("bad.trace"), "malloc(8) = 10\nfree(20)\n");
        Run r = Run.of("lifetimes", "-o", dir.resolve("out").toString(), t.toString());
        assertEquals(1, r.status());
        assertEquals("cmt: " + t + ":2: free of a block that is not live: free(20)\n", r.err());
    }

    @Test
    void lenientRewritesAndSucceeds() throws IOException {
        Path t = Files.writeString(dir.resolve("odd.trace"), "malloc(8) = 10\nfree(0)\nfree(20)\nfree(10)\n");
        Path out = dir.resolve("out");
        Run r = Run.of("lifetimes", "--lenient", "-o", out.toString(), t.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(4, Files.readAllLines(out).size());
    }

    @Test
    void aReaderOfStandardOutputThatLeavesEndsTheCommandQuietly() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            b.append("malloc(8) = ").append(Integer.toHexString(0x1000 + 16 * i)).append('\n');
        }
        Path t = Files.writeString(dir.resolve("long.trace"), b);
        int[] writes = {0};
        java.io.OutputStream gone = new java.io.OutputStream() {
            @Override
            public void write(int x) throws IOException {
                write(new byte[] {(byte) x}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        };
        java.io.PrintStream stdout = System.out;
        StandardOutput.install(gone);
        Run r;
        try {
            r = Run.of("decode", t.toString());
        } finally {
            System.setOut(stdout);
            StandardOutput.uninstall();
        }
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals(1, writes[0], "stops at the first failed write, not after the whole trace");
    }

    @Test
    void badUsageIsStatus2() {
        assertEquals(2, Run.of("lifetimes").status());
        assertEquals(2, Run.of("no-such-command").status());
        assertEquals(2, Run.of("overhead", "--bogus", "x").status());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : Cmt.commandLine().getSubcommands().keySet()) {
            assertEquals(0, Run.of(sub, "--help").status(), sub);
        }
    }

    @Test
    void outputIsNeverReplacedWithoutForce() throws IOException {
        Path t = Files.writeString(dir.resolve("a.trace"), "malloc(8) = 10\nfree(10)\n");
        Path out = Files.writeString(dir.resolve("precious"), "keep me");
        Run r = Run.of("trace2cmt", "-o", out.toString(), t.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals("keep me", Files.readString(out));
        assertEquals(0, Run.of("trace2cmt", "--force", "-o", out.toString(), t.toString()).status());
        assertArrayEquals(new byte[] {(byte) 0x88, (byte) 0x80, (byte) 0x81, (byte) 0x80, (byte) 0x81}, Files.readAllBytes(out));
    }

    @Test
    void cmtRoundTripThroughTheCommands() throws IOException {
        Path t = Files.writeString(dir.resolve("a.trace"),
                "malloc(8) = 10\nmalloc(300) = 40\nrealloc(10, 20000) = 1000\nfree(40)\nfree(1000)\n");
        Path cmt = dir.resolve("a.cmt");
        Path back = dir.resolve("back.trace");
        Path tagged = dir.resolve("tagged.trace");
        assertEquals(0, Run.of("trace2cmt", "-o", cmt.toString(), t.toString()).status());
        assertEquals(0, Run.of("cmt2trace", "-o", back.toString(), cmt.toString()).status());
        assertEquals(0, Run.of("trace2cmt", "-s", "-o", tagged.toString(), t.toString()).status());
        assertEquals("malloc(8) = 10<1>\nmalloc(300) = 40<2>\nrealloc(10<1>, 20000) = 1000<3>\nfree(40<2>)\nfree(1000<3>)\n",
                Files.readString(tagged));
        assertEquals("malloc(8) = 10000<1>\nmalloc(300) = 10010<2>\nrealloc(10000<1>, 20000) = 10140<3>\n"
                + "free(10010<2>)\nfree(10140<3>)\n", Files.readString(back));
    }
}
