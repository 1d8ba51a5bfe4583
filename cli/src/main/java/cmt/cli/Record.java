package cmt.cli;

import cmt.codec.Input;
import cmt.codec.Output;
import cmt.codec.Sites;
import cmt.codec.TraceException;
import cmt.codec.TraceWriter;
import cmt.codec.TraceReader;
import cmt.codec.convert.Converter;
import cmt.codec.convert.PreloadConverter;
import cmt.replay.Signals;
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
 * {@code cmt record}: runs a program under a recorder and converts what the recorder writes while the
 * program runs, through a named pipe, so no raw recording is ever stored. The default recorder is cmt's
 * own ({@link RecorderLibrary}, read by {@code PreloadConverter}); heaptrack, valgrind and glibc's mtrace
 * (started by a library of cmt's, {@link RecorderLibrary#mtraceStart}) are the distribution's.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Run PROGRAM under a heap recorder and write its malloc/free trace.",
            "preload (default) is cmt's own recorder, built with gcc on first use: it keeps the program's real "
                + "addresses under whatever allocator it uses, every call as made (calloc, realloc, the aligned "
                + "allocations), thread ids, nanosecond timestamps and the call stack of each allocation. "
                + "heaptrack keeps real addresses and call stacks but records realloc as free + malloc, calloc and aligned "
                + "allocations as malloc, and no threads or time. valgrind is about 30 times slower and uses its "
                + "own allocator's addresses, with thread numbers. mtrace is glibc's own (2.34 or later): real "
                + "addresses, each allocation's caller, calloc and aligned allocations as malloc, no threads or "
                + "time. Only PROGRAM itself is recorded, not programs it starts, unless --follow-forks.",
            ConvertCommand.OUT_FORMATS},
        footer = {"%nExamples:",
            "  cmt record -o python.trace.xz -- /usr/bin/python3 script.py",
            "  cmt record --no-stacks -o make.trace.zst --follow-forks -- make -j2",
            "  cmt record --with valgrind -o ls.cmt -- ls -l /usr/bin",
            "  cmt record --with mtrace -o ls.trace -- ls -l /usr/bin"})
final class Record implements Callable<Integer> {
    /** The recorders, with the Debian package that provides each. */
    enum Recorder {
        preload("gcc"), heaptrack("heaptrack"), valgrind("valgrind"), mtrace("libc6");

        final String debianPackage;

        Recorder(String debianPackage) {
            this.debianPackage = debianPackage;
        }
    }

    @Option(names = "--with", paramLabel = "RECORDER", defaultValue = "preload",
            description = "Recorder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Recorder with;

    @Option(names = "--stacks", paramLabel = "N", defaultValue = "32",
            description = "preload: record up to N frames of each allocation's call stack (default: ${DEFAULT-VALUE}).")
    int stacks;

    @Option(names = "--no-stacks", description = "preload: no call stacks (lowest overhead).")
    boolean noStacks;

    @Option(names = "--follow-forks", description = "preload: also record the processes PROGRAM forks and the "
            + "programs they exec, each into its own trace beside OUT, named with its process id.")
    boolean follow;

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
        if (stacks < 1 || stacks > 256) {
            throw new ParameterException(spec.commandLine(), "--stacks " + stacks + ": give 1 to 256 frames (or --no-stacks)");
        }
        if (with != Recorder.preload && (follow || noStacks)) {
            throw new ParameterException(spec.commandLine(), (follow ? "--follow-forks" : "--no-stacks")
                    + " is an option of the preload recorder, not of " + with);
        }
        String program = command.get(0);
        Path executable = program.contains("/") ? Path.of(program) : which(program);
        if (executable == null || !Files.isExecutable(executable)) {
            // Checked here: under a recorder, a missing program is only the recorder's exit status 127.
            throw new TraceException("record: " + program + ": no such program (or not executable)");
        }
        Path dir = Files.createTempDirectory("cmt-record");
        Children children = new Children();
        try {
            Path fifo = dir.resolve("heap.pipe");
            mkfifo(fifo);
            ProcessBuilder pb = new ProcessBuilder(commandLine(fifo)).inheritIO();
            String preload = switch (with) {
                case preload -> RecorderLibrary.recorder().toString();
                case heaptrack -> preloadLibrary().toString();
                case valgrind -> null;
                case mtrace -> mallocDebug() + ":" + RecorderLibrary.mtraceStart();
            };
            if (preload != null) {
                pb.environment().put("LD_PRELOAD", preload
                        + (System.getenv("LD_PRELOAD") == null ? "" : ":" + System.getenv("LD_PRELOAD")));
            }
            if (with == Recorder.heaptrack) {
                pb.environment().put("DUMP_HEAPTRACK_OUTPUT", fifo.toString());
            }
            if (with == Recorder.mtrace) {
                pb.environment().put("MALLOC_TRACE", fifo.toString());
            }
            if (with == Recorder.preload) {
                pb.environment().put("CMT_RECORD_PIPE", fifo.toString());
                pb.environment().put("CMT_RECORD_DEPTH", Integer.toString(noStacks ? 0 : stacks));
                pb.environment().put("CMT_RECORD_FOLLOW", follow ? "1" : "0");
            }
            PreloadConverter own = with == Recorder.preload ? Converter.preload(follow ? children : null) : null;
            Converter converter = switch (with) {
                case preload -> own;
                case heaptrack -> Converter.heaptrack();
                case valgrind -> Converter.valgrind(null);
                // PROGRAM runs in cmt's own directory, where the relative paths glibc writes start.
                case mtrace -> Converter.mtrace(Path.of("").toAbsolutePath(), executable.toAbsolutePath().normalize());
            };
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
                if (!noStacks) {
                    // Symbolized now, while the program's files are as it ran them.
                    Sites sites = converter.sites();
                    if (!sites.isEmpty()) {
                        out.sites(sites);
                    }
                    if (own != null) {
                        children.sites(own);
                    }
                }
                out.close();
                children.close();
                o.commit();
                children.commit();
                TranscodeCommand.reportLost(o.name(), out.lost());
            }
            System.err.println("cmt: record: " + String.join(" ", command) + " under " + with + ": "
                    + converter.report()
                    + (with == Recorder.heaptrack ? "; heaptrack records realloc as free + malloc and calloc and "
                    + "aligned allocations as malloc" : "")
                    + (with == Recorder.mtrace ? "; mtrace records calloc and aligned allocations as malloc, and "
                    + "of each call only its caller" : ""));
            if (own != null) {
                List<PreloadConverter.Recorded> ps = own.processes();
                for (int i = 1; i < ps.size(); i++) {
                    PreloadConverter.Recorded c = ps.get(i);
                    System.err.println("cmt: record: process " + c.pid() + " (" + c.exe() + "): " + c.written()
                            + " events" + children.where(i) + ending(c));
                }
                if (!ps.isEmpty() && !ps.getFirst().exited()) {
                    System.err.println("cmt: record: " + program + ending(ps.getFirst()).replaceFirst("^; ", " "));
                }
            }
            if (status != 0) {
                System.err.println("cmt: record: " + program + (status > 128 && status < 160
                        ? " was killed by " + Signals.name(status - 128) : " exited with status " + status));
            }
            return Defaults.EXIT_OK;
        } finally {
            children.abandon();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** How a recorded process ended, as a clause for the report; empty for a normal exit. */
    private static String ending(PreloadConverter.Recorded p) {
        String lost = p.lost() > 0 ? String.format(" (%,d events not written by then are lost)", p.lost()) : "";
        if (p.exited()) {
            return "";
        }
        if (p.underscoreExit()) {
            return "; it ended by _exit(" + p.value() + ")" + lost;
        }
        if (p.signalled()) {
            return "; it died of " + Signals.name(p.value()) + ", the trace holds its events up to then" + lost;
        }
        return "; it ended without a word from the recorder (killed, or a raw exit system call)" + lost;
    }

    /** The traces of followed processes: NAME.PID.EXT beside OUT, each whole or not at all. */
    private final class Children implements PreloadConverter.Processes {
        /** One followed process's trace. */
        private record Child(long pid, int ordinal, Output output, TraceWriter writer) {
        }

        private final List<Child> children = new ArrayList<>();

        @Override
        public TraceReader.Handler open(long pid, String exe, int ordinal) {
            Path main = output.file.file();
            String name = main.getFileName().toString();
            // A program exec'd in a followed process keeps its pid: its trace gets the ordinal too.
            String id = children.stream().anyMatch(c -> c.pid() == pid) ? pid + "-" + ordinal : Long.toString(pid);
            int dot = name.indexOf('.', 1);
            String file = dot < 0 ? name + "." + id : name.substring(0, dot) + "." + id + name.substring(dot);
            Output o = Output.create(main.resolveSibling(file), output.file.force, null);
            Child c = new Child(pid, ordinal, o, output.writer(o));
            children.add(c);
            return c.writer()::write;
        }

        /** Where the trace of process {@code ordinal} went, as a clause; empty if it was not written. */
        String where(int ordinal) {
            return children.stream().filter(c -> c.ordinal() == ordinal).map(c -> " in " + c.output().name())
                    .findFirst().orElse("");
        }

        void sites(PreloadConverter converter) {
            children.forEach(c -> c.writer().sites(converter.sites(c.ordinal())));
        }

        void close() {
            children.forEach(c -> c.writer().close());
        }

        void commit() {
            children.forEach(c -> c.output().commit());
        }

        void abandon() {
            children.forEach(c -> c.output().close());
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
        Path p = which(program);
        if (p == null) {
            throw missing();
        }
        return p.toString();
    }

    /** The executable {@code program} names on PATH, as the shell would find it, or null. */
    private static Path which(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** glibc's malloc debugging library, which holds mtrace from glibc 2.34 on (before, libc itself did). */
    private static final String MALLOC_DEBUG = "libc_malloc_debug.so.0";

    /** {@link #MALLOC_DEBUG} by its soname, for the loader to find, once it is known to be installed. */
    private static String mallocDebug() {
        for (String d : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
            if (Files.isReadable(Path.of(d, MALLOC_DEBUG))) {
                return MALLOC_DEBUG;
            }
        }
        throw new TraceException("record: mtrace needs glibc 2.34 or later, whose " + MALLOC_DEBUG
                + " is not installed here; choose another recorder with --with");
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
