package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmt replay --in-process} with an allocator that crashes the process or never returns, run as
 * the {@code cmt} launcher runs it (its JVM options are read from the script): standard output holds
 * nothing of the JVM's, standard error says what happened, and no output, temporary file, hs_err log
 * or core is left in the working directory.
 */
class InProcessFaultTest {
    /** The test allocators' source, in the replay module's test resources (see its header). */
    private static final Path SOURCE = Path.of("../replay/src/test/resources/cmt/replay/crash-allocator.c");
    private static final Path LAUNCHER = Path.of("../cmt");

    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void trace() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            lines.add("malloc(" + (16 + i) + ") = 0x" + Long.toHexString(0x10000 + 0x100L * i));
        }
        trace = Files.write(dir.resolve("150.trace"), lines);
    }

    private static Path allocator(String name, String... defines) throws Exception {
        assumeTrue(Files.isRegularFile(SOURCE), "no test allocator source");
        Path so = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", "-shared", "-fPIC", "-o", so.toString()));
        cmd.addAll(List.of(defines));
        cmd.add(SOURCE.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "gcc is not installed");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc: " + out);
        return so;
    }

    /** The JVM options of the launcher's exec line that concern a crash (-XX:...), as the shell passes them. */
    static List<String> launcherOptions() throws IOException {
        assumeTrue(Files.isRegularFile(LAUNCHER), "no launcher script");
        List<String> options = new ArrayList<>();
        String script = Files.readString(LAUNCHER);
        // The exec line's own options; the start-up cache's come from a variable.
        Matcher m = Pattern.compile("\"(-XX:[^\"$]*)\"|(?<![\\w\"])(-XX:[^\\s$]+)")
                .matcher(script.substring(script.indexOf("\nexec ")));
        while (m.find()) {
            options.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-XX:ErrorFile=")), options.toString());
        return options;
    }

    private record Result(int status, String out, String err) {
    }

    private static Result cmt(Path cwd, String... args) throws Exception {
        return result(start(cwd, args));
    }

    private static Process start(Path cwd, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"));
        cmd.addAll(launcherOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "cmt.cli.Cmt"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).start();
    }

    private static Result result(Process p) throws Exception {
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "cmt did not end");
        return new Result(p.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.ISO_8859_1),
                Files.readString(dir.resolve("stderr"), StandardCharsets.ISO_8859_1));
    }

    private static void onlyInputsIn(Path cwd) throws IOException {
        try (Stream<Path> s = Files.list(cwd)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).toList(), "files left in " + cwd);
        }
    }

    @Test
    void aCrashInProcessIsReportedOnStandardErrorAndLeavesNothing() throws Exception {
        Path so = allocator("libcrash.so");
        Path cwd = Files.createDirectory(dir.resolve("crash"));
        Result r = cmt(cwd, "replay", "--in-process", "-v", "-a", so.toString(), trace.toString());
        assertTrue(r.status() != 0, "exit " + r.status());
        assertTrue(r.out().lines().allMatch(l -> l.matches("malloc\\(\\d+\\) = [0-9a-f]+<\\d+>")),
                "standard output holds only trace lines: " + r.out());
        assertTrue(r.err().contains("SIGSEGV") && r.err().contains("libcrash.so"), r.err());
        assertTrue(r.err().contains("cmt: crashed (the report above)"), r.err());
        onlyInputsIn(cwd);
    }

    @Test
    void anAllocatorThatNeverReturnsInProcessEndsCmtWithTheEvent() throws Exception {
        Path so = allocator("libspin.so", "-DSPIN_AT=10");
        Path cwd = Files.createDirectory(dir.resolve("spin"));
        Result r = cmt(cwd, "replay", "--in-process", "--stall-timeout", "1s", "-o", "out.trace", "-a", so.toString(),
                trace.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("cmt: " + so + ": no progress for 1 s: the allocator has not returned, at event 9 (malloc of 25 "
                + "bytes); replay stopped (in process: ending it)\n", r.err());
        assertEquals("", r.out());
        onlyInputsIn(cwd);
    }

    /**
     * A safepoint requested while the allocator is stuck (here a GC asked for by jcmd; in the field the
     * JIT's deoptimisations) must not stop the thread that ends cmt: it once waited for ever behind it.
     */
    @Test
    void aSafepointWhileTheAllocatorIsStuckDoesNotKeepCmtFromEnding() throws Exception {
        Path so = allocator("libspin.so", "-DSPIN_AT=10");
        Path cwd = Files.createDirectory(dir.resolve("spin-gc"));
        Process p = start(cwd, "replay", "--in-process", "--stall-timeout", "4s", "-a", so.toString(),
                trace.toString());
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        assumeTrue(Files.isExecutable(jcmd), "no jcmd");
        Thread.sleep(2500);
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Result r = result(p);
        gc.destroyForcibly();
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().endsWith("the allocator has not returned, at event 9 (malloc of 25 bytes); replay "
                + "stopped (in process: ending it)\n"), r.err());
        onlyInputsIn(cwd);
    }

    @Test
    void durationsAreReadAsPeopleWriteThem() {
        ReplayOptions.DurationConverter d = new ReplayOptions.DurationConverter();
        assertEquals(java.time.Duration.ofMillis(500), d.convert("500ms"));
        assertEquals(java.time.Duration.ofMillis(1500), d.convert("1.5s"));
        assertEquals(java.time.Duration.ofSeconds(90), d.convert("90"));
        assertEquals(java.time.Duration.ofMinutes(10), d.convert("10m"));
        assertEquals(java.time.Duration.ofHours(1), d.convert("1h"));
        assertEquals(java.time.Duration.ZERO, d.convert("0"));
        picocli.CommandLine.TypeConversionException e = org.junit.jupiter.api.Assertions.assertThrows(
                picocli.CommandLine.TypeConversionException.class, () -> d.convert("soon"));
        assertEquals("'soon' is not a duration (e.g. 500ms, 90s, 10m, 1h)", e.getMessage());
    }
}
