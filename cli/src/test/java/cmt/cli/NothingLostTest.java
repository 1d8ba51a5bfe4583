package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * What a careful user found lost or unsaid, each reproduced: outputs that appeared half-written, write
 * errors on standard output that exited 0, converters' exceptions without a line, 64-bit values that
 * wrapped, text taken for binary, conversions that dropped data without a word, and messages that said
 * {@code null}.
 */
class NothingLostTest {
    @TempDir
    Path dir;

    /** A text trace of {@code n} good events and then a bad line. */
    private Path badHalfWay(int n) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("malloc(8) = ").append(Integer.toHexString(0x1000 + 16 * i)).append('\n');
        }
        b.append("free(0x10)\n");
        return Files.writeString(dir.resolve("bad.trace"), b);
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("cmt-partial")).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"decode", "encode", "lifetimes", "overhead", "trace2cmt", "cmt2trace"})
    void badInputHalfWayLeavesNoOutputAndTheOldFileWithForce(String command) throws IOException {
        Path in = badHalfWay(200_000);
        Path out = dir.resolve("out." + (command.equals("encode") ? "cmtz" : "trace"));
        CommandRun r = CommandRun.of(command, in.toString(), "-o", out.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(in + ":200001: free of a block that is not live"), r.err());
        assertFalse(Files.exists(out), "no partial output");
        Files.writeString(out, "precious");
        r = CommandRun.of(command, in.toString(), "-o", out.toString(), "--force");
        assertEquals(1, r.status(), r.err());
        assertEquals("precious", Files.readString(out), "--force replaces only on success");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aConverterOrRecordThatFailsLeavesNothing() throws IOException {
        Path in = Files.writeString(dir.resolve("v.log"), "--12-- malloc(8) = 0x10\n--12-- malloc(99999999999999999999) = 0x20\n");
        Path out = dir.resolve("v.trace");
        CommandRun r = CommandRun.of("valgrind2trace", in.toString(), "-o", out.toString());
        assertEquals(1, r.status(), r.err());
        assertFalse(Files.exists(out));
        r = CommandRun.of("record", "-o", out.toString(), "--with", "valgrind", "--", dir.resolve("no-such-program").toString());
        assertEquals(1, r.status(), r.err());
        assertFalse(Files.exists(out), "a record of a missing program leaves no empty file");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void writeErrorsOnStandardOutputFailTheCommand() throws IOException {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full");
        Path in = badHalfWay(0);
        Files.writeString(in, "malloc(8) = 0x10\nfree(0x10)\n");
        for (String command : List.of("decode", "stats", "lifetimes", "overhead", "cmt2trace")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream savedErr = System.err;
            PrintStream savedOut = System.out;
            int status;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try (FileOutputStream full = new FileOutputStream("/dev/full")) {
                status = Cmt.run(StandardOutput.install(full), command, in.toString());
            } finally {
                System.setOut(savedOut);
                System.setErr(savedErr);
                StandardOutput.uninstall();
            }
            assertEquals(1, status, command + ": " + err);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("No space left on device"), command + ": " + err);
        }
    }

    @Test
    void dashIsStandardOutputAndAnEmptyNameIsAClearError() throws IOException {
        Path in = Files.writeString(dir.resolve("t.trace"), "malloc(8) = 0x10\nfree(0x10)\n");
        CommandRun r = CommandRun.of("decode", in.toString(), "-o", "");
        assertEquals(1, r.status());
        assertEquals("cmt: -o '': an empty file name (use - for standard output)\n", r.err());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.US_ASCII));
        try {
            r = CommandRun.of("decode", in.toString(), "-o", "-");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, r.status(), r.err());
        assertEquals("malloc(8) = 0x10\nfree(0x10)\n", out.toString(StandardCharsets.US_ASCII));
        assertFalse(Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void convertersRaiseOnlyTheirErrorWithTheLine() throws IOException {
        Path v = Files.writeString(dir.resolve("v.log"), "--99999999999999999999-- malloc(8) = 0x10\n");
        CommandRun r = CommandRun.of("valgrind2trace", v.toString());
        assertEquals(1, r.status());
        assertEquals("cmt: " + v + ":1: number does not fit in 64 bits: --99999999999999999999-- malloc(8) = 0x10\n", r.err());
        Path s = Files.writeString(dir.resolve("s.log"),
                "--7-- malloc(8) = 0x10\n==7== total heap usage: 99999999999999999999 allocs, 0 frees, 8 bytes allocated\n");
        r = CommandRun.of("valgrind2trace", s.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("cmt: " + s + ":2: number does not fit in 64 bits"), r.err());
        Path k = Files.writeString(dir.resolve("k.kdump"),
                " 61039 99999999999999999999 make     USER  0x800607420 = malloc(26)\n");
        r = CommandRun.of("kdump2trace", k.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("cmt: " + k + ":1: number does not fit in 64 bits"), r.err());
        Path m = Files.writeString(dir.resolve("m.mtrace"), "= Start\n@ ./p:[0x1182] + 0x10 0x10000000000000000\n");
        r = CommandRun.of("mtrace2trace", m.toString());
        assertEquals(1, r.status());
        assertEquals("cmt: " + m + ":2: hexadecimal number longer than 64 bits: @ ./p:[0x1182] + 0x10 0x10000000000000000\n",
                r.err());
    }

    @Test
    void convertersBoundTheLineInsteadOfRunningOutOfMemory() throws IOException {
        Path z = dir.resolve("z");
        try (java.io.OutputStream o = Files.newOutputStream(z)) {
            o.write(new byte[3 << 20]);
        }
        for (String command : List.of("heaptrack2trace", "valgrind2trace", "kdump2trace", "log2trace", "mtrace2trace")) {
            CommandRun r = CommandRun.of(command, z.toString());
            assertEquals(1, r.status(), command + ": " + r.err());
            assertTrue(r.err().startsWith("cmt: " + z + ":1: line longer than 1048576 bytes"), command + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void sizesAbove2To63PrintUnsignedAndEndsPast2To64AreBadInput() throws IOException {
        Path t = Files.writeString(dir.resolve("big.trace"),
                "malloc(9223372036854775808) = 0x10\nfree(0x10)\nmalloc(9223372036854775807) = 0x10\nfree(0x10)\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.US_ASCII));
        CommandRun r;
        try {
            r = CommandRun.of("stats", t.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, r.status(), r.err());
        String stats = out.toString(StandardCharsets.US_ASCII);
        assertTrue(stats.contains("allocated                18,446,744,073,709,551,615 bytes"), stats);
        assertTrue(stats.contains("peak live bytes          9,223,372,036,854,775,808 bytes"), stats);
        Path w = Files.writeString(dir.resolve("wrap.trace"), "malloc(18446744073709551615) = 0x10\nfree(0x10)\n");
        r = CommandRun.of("stats", w.toString());
        assertEquals(1, r.status());
        assertEquals("cmt: " + w + ":1: malloc of 18446744073709551615 bytes at 0x10 would end past 2^64: "
                + "malloc(18446744073709551615) = 0x10\n", r.err());
    }

    @Test
    void aUtf8CommentOrAByteOrderMarkIsStillText() throws IOException {
        Path cafe = Files.write(dir.resolve("cafe.trace"), "# caf\u00e9\nmalloc(8) = 0x10\nfree(0x10)\n".getBytes(StandardCharsets.UTF_8));
        Path bom = Files.write(dir.resolve("bom.trace"), "\ufeffmalloc(8) = 0x10\nfree(0x10)\n".getBytes(StandardCharsets.UTF_8));
        for (Path p : List.of(cafe, bom)) {
            Path out = dir.resolve(p.getFileName() + ".cmtz");
            CommandRun r = CommandRun.of("encode", p.toString(), "-o", out.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.err().contains("2 events"), r.err());
        }
    }

    @Test
    void legacyOutputSaysWhatItCannotHold() throws IOException {
        Path t = Files.writeString(dir.resolve("x.trace"),
                "calloc(2, 8) = 0x10 tid=3\nmemalign(64, 8) = 0x40 tid=3 ns=5\nfree(0x10)\nfree(0x40)\n");
        Path out = dir.resolve("x.cmt");
        CommandRun r = CommandRun.of("trace2cmt", t.toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("cmt: " + out + ": legacy CMT cannot hold them: 1 callocs written as malloc, 1 aligned allocations "
                + "written as malloc, 2 thread ids dropped, 1 timestamps dropped\n", r.err());
        r = CommandRun.of("trace2cmt", "-s", t.toString(), "-o", dir.resolve("x.tagged").toString());
        assertEquals("", r.err(), "text holds everything");
    }

    @Test
    void messagesSayWhy() throws IOException {
        byte[] text = "malloc(8) = 0x10\nfree(0x10)\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZOutputStream o = new XZOutputStream(xz, new LZMA2Options(6))) {
            o.write(text);
        }
        byte[] whole = xz.toByteArray();
        Path cut = Files.write(dir.resolve("cut.trace.xz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        CommandRun r = CommandRun.of("stats", cut.toString());
        assertEquals(1, r.status());
        assertFalse(r.err().contains("null"), r.err());
        assertTrue(r.err().contains("unexpected end of input (truncated?)"), r.err());
        r = CommandRun.of("replay", "--touch=bogus", cut.toString());
        assertEquals(2, r.status());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.err().contains("touch mode must be none, page or full, not bogus"), r.err());
        Path locked = Files.writeString(dir.resolve("locked.trace"), "malloc(8) = 0x10\n");
        assumeTrue(locked.toFile().setReadable(false, false) && !Files.isReadable(locked), "running as root");
        r = CommandRun.of("stats", locked.toString());
        assertEquals("cmt: " + locked + ": cannot open: permission denied\n", r.err());
    }
}
