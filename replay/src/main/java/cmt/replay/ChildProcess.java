package cmt.replay;


import cmt.codec.TraceReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a replay in a child JVM so that an allocator that crashes takes only the child down: the
 * calling process (a notebook kernel, the CLI) reports "allocator crashed (SIGSEGV) at event N" and
 * lives on.
 *
 * <p>The child is the same Java ({@code java.home} of this JVM) with the same classes, started with
 * {@code GLIBC_TUNABLES} set so that every named allocator can be dlopened, the serial GC (fewer threads
 * and less RSS of its own), and its fatal-error report sent to a file in a private temporary folder. The
 * two processes share a {@link Cursor} file: the child publishes each event before calling the
 * allocator, the parent reads progress from it and, after a crash, the event. The signal is read from
 * the JVM's error report (a native SIGSEGV makes the JVM write one and abort) or, when there is none
 * (tcmalloc aborts on its own), from the exit status.
 *
 * <p>If the calling thread is interrupted, or the calling JVM shuts down, the child is killed.
 */
final class ChildProcess {
    private static final long POLL_MILLIS = 100;
    private static final long STOP_GRACE_MILLIS = 2000;
    private static final Pattern SIGNAL = Pattern.compile("#\\s+(SIG[A-Z0-9]+) \\(0x");
    /** Classes the child loads from wherever this process found them (a notebook adds jars at run time). */
    private static final String[] NEEDED = {
        "cmt.replay.Child", "cmt.codec.TraceReader", "it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap",
        "org.HdrHistogram.Histogram", "org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream",
        "org.apache.commons.io.IOUtils", "org.apache.commons.lang3.StringUtils", "org.tukaani.xz.XZInputStream",
        "com.github.luben.zstd.ZstdInputStream"};

    private ChildProcess() {
    }

    static ReplayResult run(Settings s, String input, TraceReader.ProgressListener progress) {
        Path dir;
        try {
            dir = Files.createTempDirectory("cmt-replay");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try (Arena arena = Arena.ofShared()) {
            Path cursorFile = dir.resolve("cursor");
            Path resultFile = dir.resolve("result");
            Path errorFile = dir.resolve("hs_err.log");
            Path stderr = dir.resolve("stderr.log");
            Path settingsFile = dir.resolve("settings");
            s.write(settingsFile);
            Cursor cursor = Cursor.mapped(cursorFile, arena, true);
            List<String> cmd = command(input, cursorFile, resultFile, settingsFile, errorFile);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(input.equals("-") ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput("-".equals(s.output()) ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile());
            String tunables = System.getenv("GLIBC_TUNABLES");
            if (tunables == null || tunables.isEmpty()) {
                pb.environment().put("GLIBC_TUNABLES", Allocator.TUNABLE);
            } else if (!tunables.contains("optional_static_tls")) {
                pb.environment().put("GLIBC_TUNABLES", tunables + ":" + Allocator.TUNABLE);
            }
            boolean done = false;
            try {
                int code = await(pb, cursor, new Watchdog(cursor, s), progress);
                if (Files.isRegularFile(resultFile)
                        && (code == 0 || code == Child.EXIT_REPORTED || cursor.phase() == Cursor.DONE)) {
                    ReplayResult r = ResultFile.read(resultFile);
                    done = true;
                    return r;
                }
                throw crash(s.allocator(), code, cursor, errorFile, stderr);
            } finally {
                if (!done) {
                    // A child killed or crashed while writing -o leaves its temporary file: the output is
                    // all or nothing, so nothing.
                    cmt.codec.Output.removeAbandoned(s.output());
                }
            }
        } finally {
            delete(dir);
        }
    }

    private static int await(ProcessBuilder pb, Cursor cursor, Watchdog watchdog,
            TraceReader.ProgressListener progress) {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ReplayException("cannot start the replay process: " + e.getMessage());
        }
        Thread killer = new Thread(p::destroyForcibly, "cmt-replay-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                long phase = cursor.phase();
                if (progress != null && (phase == Cursor.REPLAYING || phase == Cursor.READING)) {
                    progress.progress(cursor.eventsRead(), cursor.bytesDone(), cursor.bytesTotal());
                }
                String stop = watchdog.check();
                if (stop != null) {
                    long event = cursor.phase() == Cursor.REPLAYING ? cursor.event() : -1;
                    stop(p);
                    throw new ReplayException(stop, null, event);
                }
            }
            if (progress != null && cursor.phase() == Cursor.DONE) {
                progress.finished(cursor.eventsRead(), cursor.bytesDone());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException again) {
                // killed already; nothing more to wait for
            }
            Thread.currentThread().interrupt();
            throw new CancellationException("replay interrupted after " + cursor.eventsRead() + " events");
        } finally {
            // However the wait ended (an interrupt, or an error thrown from a progress display), no replay
            // may outlive the call that started it.
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run: it kills the child
            }
        }
    }

    /**
     * Ends a child that must stop: SIGTERM first, so that its shutdown hooks remove a partial output
     * (they run even while its main thread is stuck in the allocator), then SIGKILL.
     */
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child JVM's young generation, in MiB. */
    static final int YOUNG_MIB = 16;

    private static List<String> command(String input, Path cursorFile, Path resultFile, Path settingsFile,
            Path errorFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-D" + Native.CRITICAL_PROPERTY + "=true");
        // A small young generation: the reader's garbage is collected every few MB instead of filling an
        // eden sized from the machine's memory, whose pages would count in the replay's RSS as allocator memory.
        cmd.add("-Xmn" + YOUNG_MIB + "m");
        cmd.add("-Xshare:auto");
        cmd.add("-XX:ErrorFile=" + errorFile);
        cmd.add("-XX:-CreateCoredumpOnCrash");
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.add(Child.class.getName());
        cmd.add(cursorFile.toString());
        cmd.add(resultFile.toString());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        cmd.add(settingsFile.toString());
        cmd.add(input);
        return cmd;
    }

    /** This process's class path, plus wherever the classes a child needs were found. */
    static String classpath() {
        Set<String> parts = new LinkedHashSet<>();
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        ClassLoader own = ChildProcess.class.getClassLoader();
        for (ClassLoader l = own; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    file(url).ifPresent(parts::add);
                }
            }
        }
        for (String name : NEEDED) {
            try {
                CodeSource cs = Class.forName(name, false, own).getProtectionDomain().getCodeSource();
                if (cs != null && cs.getLocation() != null) {
                    file(cs.getLocation()).ifPresent(parts::add);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not on this class path: the child does without it too (e.g. no xz support)
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    private static java.util.Optional<String> file(URL url) {
        try {
            return "file".equals(url.getProtocol()) ? java.util.Optional.of(Path.of(url.toURI()).toString())
                    : java.util.Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** The one-line report of a child that died. */
    private static ReplayException crash(String allocator, int code, Cursor cursor, Path errorFile, Path stderr) {
        String signal = null;
        String frame = null;
        List<String> lines = lines(errorFile);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SIGNAL.matcher(lines.get(i));
            if (signal == null && m.find()) {
                signal = m.group(1);
            }
            if (frame == null && lines.get(i).startsWith("# Problematic frame:") && i + 1 < lines.size()) {
                frame = lines.get(i + 1).replaceFirst("^#\\s*", "").trim();
            }
        }
        if (signal == null && code > 128) {
            signal = Signals.name(code - 128);
        }
        String lastError = lines(stderr).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .reduce((a, b) -> b).orElse(null);
        long event = cursor.phase() == Cursor.REPLAYING ? cursor.event() : -1;
        String where = cursor.where();
        StringBuilder m = new StringBuilder(allocator);
        if (signal != null) {
            m.append(": allocator crashed (").append(signal).append(") ").append(where);
            if (frame != null) {
                m.append("; problematic frame ").append(frame);
            } else if (lastError != null) {
                m.append("; it said: ").append(lastError.strip());
            }
        } else {
            m.append(": replay process failed (exit status ").append(code).append(") ").append(where);
            if (lastError != null) {
                m.append(": ").append(lastError.strip());
            }
        }
        return new ReplayException(m.toString(), signal, event);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
