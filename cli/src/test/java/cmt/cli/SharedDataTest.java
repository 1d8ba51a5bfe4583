package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original tools' own outputs on their sample data: cmt must match them byte for byte. Skipped
 * where the original project's data is not beside this checkout.
 */
class SharedDataTest {
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void findData() {
        data = Path.of(System.getProperty("cmt.shared", "../../shared")).resolve("data");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("401.bzip2.txt")), "no ../shared/data here");
    }

    @Test
    void lifetimesMatchesTheOriginal() throws IOException {
        assertSameBytes("lifetimes", "401.bzip2.lifetimes.expected.txt");
    }

    @Test
    void overheadMatchesTheOriginal() throws IOException {
        assertSameBytes("overhead", "401.bzip2.overhead.expected.txt");
    }

    @Test
    void trace2cmtMatchesTheOriginal() throws IOException {
        Path out = dir.resolve("x.cmt");
        assertEquals(0, Run.of("trace2cmt", "-o", out.toString(), data.resolve("401.bzip2.txt").toString()).status());
        assertArrayEquals(Files.readAllBytes(data.resolve("401.bzip2.legacy.cmt")), Files.readAllBytes(out));
    }

    @Test
    void hmmerRoundTripsThroughLegacyCmtWithEveryOpSizeAndTag() throws IOException {
        Path bz = data.resolve("456.hmmer.test.txt.bz2");
        Path cmt = dir.resolve("hmmer.cmt");
        Path text = dir.resolve("hmmer.txt");
        assertEquals(0, Run.of("trace2cmt", "-o", cmt.toString(), bz.toString()).status());
        assertEquals(530_655, Files.size(cmt), "the original's size for this trace");
        assertEquals(0, Run.of("cmt2trace", "-o", text.toString(), cmt.toString()).status());
        List<Event> a = read(bz);
        List<Event> b = read(text);
        assertEquals(180_216, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).op, b.get(i).op, "event " + i);
            assertEquals(a.get(i).size, b.get(i).size, "event " + i);
            assertEquals(a.get(i).tag, b.get(i).tag, "event " + i);
            assertEquals(a.get(i).oldTag, b.get(i).oldTag, "event " + i);
        }
        assertTrue(b.stream().anyMatch(e -> e.op == Op.FREE && e.oldTag == 1), "hmmer frees tag 1");
    }

    private void assertSameBytes(String tool, String expected) throws IOException {
        Path out = dir.resolve(tool + ".txt");
        Run r = Run.of(tool, "-o", out.toString(), data.resolve("401.bzip2.txt").toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(Files.readAllBytes(data.resolve(expected)), Files.readAllBytes(out));
    }

    private static List<Event> read(Path p) {
        List<Event> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(p)) {
            r.forEach(e -> out.add(e.copy()));
        }
        return out;
    }
}
