package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cmt.codec.TraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole {@code cmt} processes stopped half-way, by SIGINT and SIGKILL at random moments and by a write
 * error (a file size limit, as a full disk): the target is then absent or the complete old file, never
 * a prefix; a run that finished before the signal left a complete new one.
 */
class InterruptTest {
    private static final byte[] OLD = "malloc(8) = 0x10\nfree(0x10)\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    static Path input;

    @BeforeAll
    static void bigTrace() throws IOException {
        StringBuilder b = new StringBuilder(1 << 26);
        SplittableRandom r = new SplittableRandom(15);
        List<Long> live = new ArrayList<>();
        long next = 0x100000;
        for (int i = 0; i < 1_500_000; i++) {
            if (live.size() > 1000 || (!live.isEmpty() && r.nextBoolean())) {
                b.append("free(0x").append(Long.toHexString(live.remove(r.nextInt(live.size())))).append(")\n");
            } else {
                b.append("malloc(").append(1 + r.nextInt(500)).append(") = 0x").append(Long.toHexString(next)).append('\n');
                live.add(next);
                next += 512;
            }
        }
        input = Files.writeString(dir.resolve("big.trace"), b);
    }

    private static List<String> java(String... args) {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "cmt.cli.Cmt"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String[] command(String kind, Path out) {
        return switch (kind) {
            case "decode" -> new String[] {"decode", input.toString(), "-o", out.toString(), "--force"};
            case "encode" -> new String[] {"encode", input.toString(), "-o", out.toString(), "--force"};
            default -> new String[] {"replay", "--in-process", "-o", out.toString(), "--force", input.toString()};
        };
    }

    /**
     * Asserts {@code out} holds the old bytes or a complete trace of every event: the only outcomes allowed,
     * since a signal may also come after the rename, while the process exits; a success must be complete.
     */
    private static void oldOrComplete(Path out, int status, String what) throws IOException {
        if (status != 0 && java.util.Arrays.equals(OLD, Files.readAllBytes(out))) {
            return;
        }
        try (TraceReader r = TraceReader.open(out)) {
            assertEquals(1_500_000, r.forEach(e -> { }), what + ": exit " + status + ", the old file or a complete new one");
        }
    }

    @Test
    void signalsAtRandomMomentsLeaveTheOldFileOrTheCompleteNewOne() throws Exception {
        SplittableRandom r = new SplittableRandom(System.nanoTime());
        int interrupted = 0;
        for (String kind : List.of("decode", "encode", "replay")) {
            // The signals fall between a tenth and nine tenths of an uninterrupted run, however fast this
            // machine is today, so that most of them really come half-way.
            Path whole = dir.resolve(kind + "-whole" + (kind.equals("encode") ? ".cmtz" : ".trace"));
            long t0 = System.nanoTime();
            Process full = new ProcessBuilder(java(command(kind, whole))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(full.waitFor(120, TimeUnit.SECONDS), kind + " ended");
            assertEquals(0, full.exitValue(), kind + " without a signal");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            for (String signal : List.of("INT", "KILL", "INT", "KILL")) {
                Path out = dir.resolve(kind + "-" + signal + (kind.equals("encode") ? ".cmtz" : ".trace"));
                Files.write(out, OLD);
                Process p = new ProcessBuilder(java(command(kind, out))).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                long delay = millis / 10 + r.nextLong(Math.max(1, millis * 8 / 10));
                boolean done = p.waitFor(delay, TimeUnit.MILLISECONDS);
                if (!done) {
                    interrupted++;
                    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                }
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), kind + " ended after SIG" + signal);
                oldOrComplete(out, p.exitValue(), kind + " SIG" + signal + " after " + delay + " ms");
            }
        }
        assertTrue(interrupted >= 4, "most runs were stopped half-way: " + interrupted);
    }

    @Test
    void aWriteErrorHalfWayLeavesTheOldFile() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        for (String kind : List.of("decode", "encode", "replay")) {
            Path out = dir.resolve(kind + "-full" + (kind.equals("encode") ? ".cmtz" : ".trace"));
            Files.write(out, OLD);
            // A file size limit of 1 MiB: writes past it fail with EFBIG, as on a disk that is full.
            List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", "ulimit -f 1024; exec \"$@\"", "bash"));
            cmd.addAll(java(command(kind, out)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            if (kind.equals("encode") && p.exitValue() == 0) {
                continue; // the compact file of this trace may fit in the limit
            }
            assertEquals(1, p.exitValue(), kind + ": " + said);
            assertTrue(said.contains("File too large"), kind + ": " + said);
            assertArrayEquals(OLD, Files.readAllBytes(out), kind);
        }
    }
}
