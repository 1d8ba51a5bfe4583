package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cmt.codec.Event;
import cmt.codec.Format;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    private static final String KDUMP = """
             61039 make     USER  0x800607420 = malloc(26)
             61039 make     USER  0x800607440 = realloc(0x800607420, 17)
             61039 make     USER  free(0x0)
             61039 make     USER  free(0x800607440)
            """;

    @TempDir
    Path dir;

    @Test
    void writesTheTraceAndReportsNormalisations() throws IOException {
        Path in = Files.writeString(dir.resolve("make.kdump"), KDUMP);
        Path out = dir.resolve("make.trace");
        CommandRun run = CommandRun.of("kdump2trace", in.toString(), "-o", out.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("""
                malloc(26) = 0x800607420
                realloc(0x800607420, 17) = 0x800607440
                free(0x800607440)
                """, Files.readString(out));
        assertTrue(run.err().contains("3 events, 0 blocks live at the end; normalised: 1 free(0x0) dropped"), run.err());
    }

    @Test
    void neverOverwritesWithoutForce() throws IOException {
        Path in = Files.writeString(dir.resolve("make.kdump"), KDUMP);
        Path out = Files.writeString(dir.resolve("make.trace"), "precious\n");
        CommandRun run = CommandRun.of("kdump2trace", in.toString(), "-o", out.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("already exists (use --force to replace it)"), run.err());
        assertEquals("precious\n", Files.readString(out));
        assertEquals(0, CommandRun.of("kdump2trace", in.toString(), "-o", out.toString(), "--force").status());
        assertTrue(Files.readString(out).startsWith("malloc(26)"));
    }

    @Test
    void legacyCmtCompactAndCompressedOutputByName() throws IOException {
        Path in = Files.writeString(dir.resolve("make.kdump"), KDUMP);
        for (String name : List.of("make.cmt", "make.cmt.xz", "make.cmtz", "make.trace.zst", "make.trace.gz")) {
            Path out = dir.resolve(name);
            assertEquals(0, CommandRun.of("kdump2trace", in.toString(), "-o", out.toString()).status());
            List<Op> ops = new ArrayList<>();
            try (TraceReader r = TraceReader.open(out)) {
                r.forEach((Event e) -> ops.add(e.op));
                assertEquals(name.contains(".cmtz") ? Format.COMPACT : name.contains(".cmt") ? Format.LEGACY_CMT : Format.TEXT,
                        r.format(), name);
            }
            assertEquals(List.of(Op.MALLOC, Op.REALLOC, Op.FREE), ops, name);
        }
    }

    @Test
    void badInputNamesFileAndLine() throws IOException {
        Path in = Files.writeString(dir.resolve("bad.log"), "call-trace\t1\t\tmalloc\t96\t81d21e100\n"
                + "call-trace\t2\t\tmalloc\tninety\t81d21e200\n");
        CommandRun run = CommandRun.of("log2trace", in.toString(), "-o", dir.resolve("x.trace").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().startsWith("cmt: " + in + ":2: expected a decimal number at column 1"), run.err());
    }

    @Test
    void everyConverterHasHelpWithExamples() {
        for (String cmd : List.of("kdump2trace", "log2trace", "heaptrack2trace", "valgrind2trace", "mtrace2trace",
                "record")) {
            String help = Cmt.commandLine().getSubcommands().get(cmd).getUsageMessage();
            assertTrue(help.contains("Examples:"), cmd);
        }
    }
}
