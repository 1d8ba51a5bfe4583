package cmt.cli;

import cmt.replay.Replay;
import cmt.replay.ReplayResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmt replay}: one trace through one allocator, measured; a superset of the original {@code cmtreplay}. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replays a trace through an allocator and reports wall time, time per event, sampled latency per "
                    + "call, RSS, requested against usable bytes and the allocator's own statistics.",
            "The allocator is glibc (the process's malloc), jemalloc, mimalloc, tcmalloc (Debian packages "
                    + "libjemalloc2, libmimalloc2.0, libgoogle-perftools4) or the path of any shared library "
                    + "exporting malloc and free. The replay runs in a child process: an allocator that "
                    + "crashes is reported with the event it crashed at."},
        footer = {"", "Examples:",
            "  cmt replay ls.trace                             glibc, report on stdout",
            "  cmt replay --allocator jemalloc --touch page ls.trace",
            "  cmt replay -v -a mimalloc ls.trace > ls.mimalloc.trace   (report on stderr)",
            "  cmt replay --allocator ./libmine.so -o ls.mine.trace ls.trace.gz"})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "-v", description = "Print the trace again, tagged, with the allocator's pointers, on "
            + "standard output (the report then goes to standard error), as cmtreplay -v did.")
    boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the re-emitted trace (as -v prints it) to FILE instead.")
    Path output;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Option(names = {"-a", "--allocator"}, defaultValue = "glibc", paramLabel = "NAME|PATH",
            description = "glibc, jemalloc, mimalloc, tcmalloc, or a shared library's path (default: ${DEFAULT-VALUE}).")
    String allocator;

    @Mixin
    ReplayOptions options;

    @Mixin
    InputOptions input;

    @Parameters(paramLabel = "IN", description = "The trace (text or legacy CMT, possibly compressed), or - for standard input.")
    String in;

    @Override
    public Integer call() {
        Replay replay = options.replay(allocator, input).overwrite(force);
        if (output != null) {
            replay = replay.output(output);
        } else if (verbose) {
            replay = replay.output(Path.of("-"));
        }
        ReplayResult r = replay.onProgress(input.progress(in)).run(in);
        (verbose && output == null ? System.err : System.out).print(r);
        return Defaults.EXIT_OK;
    }
}
