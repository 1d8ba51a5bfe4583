package cmt.cli;

import cmt.codec.Input;
import cmt.codec.Output;
import cmt.codec.TraceException;
import cmt.codec.TraceWriter;
import cmt.codec.convert.Converter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cmt record}: runs a program under a recorder that is a distribution package and converts what
 * the recorder writes while the program runs, through a named pipe, so no raw recording is ever stored.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run PROGRAM under a heap recorder and write its malloc/free trace.",
            "heaptrack (default) keeps the program's real glibc addresses at low cost but records realloc as "
                + "free + malloc, calloc and aligned allocations as malloc, and no threads. valgrind is "
                + "about 30 times slower and uses its own allocator's addresses, but records every call "
                + "as made, with thread numbers. Only PROGRAM itself is recorded, not programs it starts.",
            ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  cmt record -o python.trace.xz -- /usr/bin/python3 script.py",
            "  cmt record --with valgrind -o ls.cmt -- ls -l /usr/bin"})
final class Record implements Callable<Integer> {
    /** The recorders, with the Debian package that provides each. */
    enum Recorder {
        heaptrack("heaptrack"), valgrind("valgrind");

        final String debianPackage;

        Recorder(String debianPackage) {
            this.debianPackage = debianPackage;
        }
    }

    @Option(names = "--with", paramLabel = "RECORDER", defaultValue = "heaptrack",
            description = "Recorder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Recorder with;

    @Mixin
    OutputTrace output;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "PROGRAM",
            description = "The program and its arguments (put -- before them).")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!output.toFile()) {
            throw new ParameterException(spec.commandLine(), "-o OUT is required: PROGRAM writes to standard output");
        }
        String program = command.get(0);
        boolean found = program.contains("/") ? Files.isExecutable(Path.of(program))
                : Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                        .anyMatch(d -> Files.isExecutable(Path.of(d.isEmpty() ? "." : d, program)));
        if (!found) {
            // Checked here: under a recorder, a missing program is only the recorder's exit status 127.
            throw new TraceException("record: " + program + ": no such program (or not executable)");
        }
        Path dir = Files.createTempDirectory("cmt-record");
        try {
            Path fifo = dir.resolve("heap.pipe");
            mkfifo(fifo);
            ProcessBuilder pb = new ProcessBuilder(commandLine(fifo)).inheritIO();
            if (with == Recorder.heaptrack) {
                pb.environment().put("LD_PRELOAD", preloadLibrary().toString()
                        + (System.getenv("LD_PRELOAD") == null ? "" : ":" + System.getenv("LD_PRELOAD")));
                pb.environment().put("DUMP_HEAPTRACK_OUTPUT", fifo.toString());
            }
            Converter converter = with == Recorder.heaptrack ? Converter.heaptrack() : Converter.valgrind(null);
            int status;
            try (Output o = output.open(null)) {
                TraceWriter out = output.writer(o);
                AtomicBoolean opened = new AtomicBoolean();
                AtomicReference<RuntimeException> failure = new AtomicReference<>();
                Thread reader = Thread.ofPlatform().name("cmt-record-reader").start(() -> {
                    try {
                        Input in = Input.of(Files.newInputStream(fifo), command.get(0), -1);
                        opened.set(true);
                        converter.convert(in, out::write);
                    } catch (IOException e) {
                        failure.set(new TraceException(fifo + ": " + e.getMessage(), e));
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                });
                Process p = start(pb);
                status = p.waitFor();
                reader.join(2000);
                if (!opened.get()) {
                    // The recorder never opened the pipe; opening it for writing ends the reader's wait.
                    new FileOutputStream(fifo.toFile()).close();
                }
                reader.join();
                if (failure.get() != null) {
                    throw failure.get();
                }
                out.close();
                o.commit();
                TranscodeCommand.reportLost(o.name(), out.lost());
            }
            System.err.println("cmt: record: " + String.join(" ", command) + " under " + with + ": "
                    + converter.report()
                    + (with == Recorder.heaptrack ? "; heaptrack records realloc as free + malloc and calloc and "
                    + "aligned allocations as malloc" : ""));
            if (status != 0) {
                System.err.println("cmt: record: " + command.get(0) + " exited with status " + status);
            }
            return Defaults.EXIT_OK;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private List<String> commandLine(Path fifo) {
        List<String> cmd = new ArrayList<>();
        if (with == Recorder.valgrind) {
            cmd.add(onPath("valgrind"));
            cmd.addAll(List.of("--trace-malloc=yes", "--trace-sched=yes", "--leak-check=no",
                    "--undef-value-errors=no", "--log-file=" + fifo));
        }
        cmd.addAll(command);
        return cmd;
    }

    private static Process start(ProcessBuilder pb) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new TraceException("cannot run " + pb.command().get(0) + ": " + TraceException.reason(e), e);
        }
    }

    private static void mkfifo(Path fifo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new TraceException("cannot create the named pipe " + fifo);
        }
    }

    private String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw missing();
    }

    /** heaptrack's preload library, where Debian and a from-source install put it. */
    private Path preloadLibrary() {
        List<Path> dirs = new ArrayList<>(List.of(Path.of("/usr/lib/heaptrack"),
                Path.of("/usr/lib/x86_64-linux-gnu/heaptrack"), Path.of("/usr/lib64/heaptrack"),
                Path.of("/usr/local/lib/heaptrack")));
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "heaptrack"))) {
                dirs.add(Path.of(d).resolveSibling("lib").resolve("heaptrack"));
            }
        }
        for (Path d : dirs) {
            Path lib = d.resolve("libheaptrack_preload.so");
            if (Files.isReadable(lib)) {
                return lib;
            }
        }
        throw missing();
    }

    private TraceException missing() {
        return new TraceException(with + " is not installed: install the Debian package '" + with.debianPackage
                + "' (apt-get install " + with.debianPackage + ") or choose another recorder with --with");
    }
}
