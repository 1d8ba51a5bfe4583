package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmt encode} and {@code cmt decode} on every bundled sample: text to compact to text gives the
 * same text with addresses kept, and every field but the addresses without them.
 */
class EncodeDecodeTest {
    @TempDir
    Path dir;

    private static List<Path> samples() throws IOException {
        Path samples = Path.of(System.getProperty("cmt.root", ".."), "samples");
        assumeTrue(Files.isDirectory(samples), "no samples folder");
        try (Stream<Path> s = Files.list(samples)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().contains(".trace")).sorted().toList());
        }
    }

    private Path run(String... args) {
        Run r = Run.of(args);
        assertEquals(0, r.status(), String.join(" ", args) + ": " + r.err());
        return Path.of(args[args.length - 1]);
    }

    @Test
    void everySampleRoundTripsWithAndWithoutAddresses() throws IOException {
        for (Path sample : samples()) {
            String n = sample.getFileName().toString();
            Path text = run("decode", sample.toString(), "-o", dir.resolve(n + ".txt").toString());
            Path full = run("encode", "--keep-addresses", text.toString(), "-o", dir.resolve(n + ".a.cmtz").toString());
            Path back = run("decode", full.toString(), "-o", dir.resolve(n + ".a.txt").toString());
            assertEquals(Files.readString(text), Files.readString(back), n + " with addresses");

            Path bare = run("encode", text.toString(), "-o", dir.resolve(n + ".cmtz").toString());
            assertEquals(withoutAddresses(text), withoutAddresses(bare), n + " without addresses");
            Path legacy = run("encode", "--format", "legacy", text.toString(), "-o", dir.resolve(n + ".cmt").toString());
            // Legacy CMT holds no times: the size comparison only means something for traces without them.
            boolean timed = Files.readString(text).contains(" ns=");
            assertTrue(timed || Files.size(bare) < Files.size(legacy) / 3, n + ": compact not much smaller than legacy");
            Path modelled = run("encode", "--coding", "modelled", text.toString(), "-o", dir.resolve(n + ".m.cmtz").toString());
            assertEquals(withoutAddresses(text), withoutAddresses(modelled), n + " modelled");
            assertTrue(timed || Files.size(modelled) < Files.size(legacy) / 5, n + ": modelled not much smaller than legacy");

            Path packed = run("encode", "--packed", "--keep-addresses", text.toString(), "-o", dir.resolve(n + ".p.cmtz").toString());
            Path packedBack = run("decode", packed.toString(), "-o", dir.resolve(n + ".p.txt").toString());
            assertEquals(Files.readString(text), Files.readString(packedBack), n + " packed with addresses");
            assertTrue(timed || Files.size(packed) < Files.size(legacy) / 2, n + ": packed not much smaller than legacy");
        }
    }

    /** Every field a reader fills but the addresses, one line per event. */
    private static List<String> withoutAddresses(Path trace) {
        List<String> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(trace, Leniency.STRICT)) {
            r.forEach((Event e) -> out.add(e.op + " " + e.size + " " + e.count + " " + e.alignment + " " + e.tag + " "
                    + e.oldTag + " " + e.oldSize + " " + e.oldIndex + " " + e.thread + " " + e.timestamp + " " + e.site));
        }
        return out;
    }

    @Test
    void anOutputNamedForACompressorIsCompressedAndReadsBack() throws IOException {
        Path text = dir.resolve("t.txt");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            b.append("malloc(").append(8 + i % 5).append(") = 0x").append(Long.toHexString(0x1000 + 32L * i)).append('\n');
        }
        Files.writeString(text, b);
        String[][] runs = {
            {"encode", "--format", "legacy", text.toString(), "-o", dir.resolve("t.cmt.zst").toString()},
            {"encode", text.toString(), "-o", dir.resolve("t.cmtz.xz").toString()},
            {"decode", text.toString(), "-o", dir.resolve("t.trace.gz").toString()},
            {"trace2cmt", text.toString(), "-o", dir.resolve("t2.cmt.zst").toString()},
        };
        byte[][] magic = {{0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, {(byte) 0xFD, '7', 'z', 'X'}, {0x1F, (byte) 0x8B},
            {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}};
        List<String> want = withoutAddresses(text);
        for (int i = 0; i < runs.length; i++) {
            Path out = run(runs[i]);
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out), magic[i].length);
            assertEquals(java.util.Arrays.toString(magic[i]), java.util.Arrays.toString(head), out + " is not compressed");
            assertEquals(want, withoutAddresses(out), out.toString());
        }
    }

    @Test
    void refusesToReplaceAFileAndToKeepAddressesInLegacy() throws IOException {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "malloc(8) = 0x10\nfree(0x10)\n");
        Path out = dir.resolve("t.cmtz");
        run("encode", text.toString(), "-o", out.toString());
        Run again = Run.of("encode", text.toString(), "-o", out.toString());
        assertEquals(Defaults.EXIT_BAD_INPUT, again.status());
        assertTrue(again.err().contains("already exists"), again.err());
        Run legacy = Run.of("encode", "--format", "legacy", "--keep-addresses", text.toString(), "-o", dir.resolve("x").toString());
        assertEquals(Defaults.EXIT_USAGE, legacy.status());
        Run packedLegacy = Run.of("encode", "--format", "legacy", "--packed", text.toString(), "-o", dir.resolve("x").toString());
        assertEquals(Defaults.EXIT_USAGE, packedLegacy.status());
        assertTrue(packedLegacy.err().contains("--packed: only the compact format has a coding of its blocks"), packedLegacy.err());
        Run both = Run.of("encode", "--packed", "--coding", "modelled", text.toString(), "-o", dir.resolve("y").toString());
        assertEquals(Defaults.EXIT_USAGE, both.status());
        assertTrue(both.err().contains("--packed and --coding modelled contradict each other"), both.err());
        Run blocks = Run.of("encode", "--block-events", "0", text.toString(), "-o", dir.resolve("b").toString());
        assertEquals(Defaults.EXIT_USAGE, blocks.status());
        assertTrue(blocks.err().contains("--block-events: 0 is not in [1, 16777216]"), blocks.err());
        Run recorder = Run.of("encode", "--recorder", "x".repeat(70_000), text.toString(), "-o", dir.resolve("r").toString());
        assertEquals(Defaults.EXIT_USAGE, recorder.status());
        assertTrue(recorder.err().contains("--recorder: longer than 65000 bytes"), recorder.err());
        assertFalse(Files.exists(dir.resolve("r")));
        Run nowhere = Run.of("encode", text.toString(), "-o", dir.resolve("none").resolve("t.cmtz").toString());
        assertEquals(Defaults.EXIT_BAD_INPUT, nowhere.status());
        assertTrue(nowhere.err().contains("t.cmtz: cannot create: no such directory"), nowhere.err());
        byte[] kept = Files.readAllBytes(out);
        for (String command : List.of("encode", "decode", "trace2cmt", "lifetimes")) {
            Run same = Run.of(command, "--force", out.toString(), "-o", dir.resolve(".").resolve("t.cmtz").toString());
            assertEquals(Defaults.EXIT_BAD_INPUT, same.status(), command);
            assertTrue(same.err().contains("is the input being read"), command + ": " + same.err());
            assertArrayEquals(kept, Files.readAllBytes(out), command);
        }
    }

    @Test
    void aDamagedFileIsReportedWithItsBlockAndOffset() throws IOException {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "malloc(8) = 0x10\nmalloc(24) = 0x20\nfree(0x10)\nfree(0x20)\n");
        Path out = run("encode", text.toString(), "-o", dir.resolve("t.cmtz").toString());
        byte[] b = Files.readAllBytes(out);
        b[70] ^= 0x10;
        Path bad = dir.resolve("bad.cmtz");
        Files.write(bad, b);
        Run r = Run.of("decode", bad.toString(), "-o", dir.resolve("bad.txt").toString());
        assertEquals(Defaults.EXIT_BAD_INPUT, r.status());
        assertTrue(r.err().matches("(?s)cmt: .*bad.cmtz: byte \\d+: block 0: .*"), r.err());
    }
}
