package cmt.cli;

import cmt.replay.Allocator;
import cmt.replay.Comparison;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cmt compare}: one trace through several allocators, one row each. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replays a trace through several allocators, one after the other, each in its own child process, "
                    + "and prints one table with a row per allocator: time per event, mean sampled latency of "
                    + "malloc, realloc and free, RSS before and at its peak, live bytes at their peak, and "
                    + "usable over requested bytes. An allocator that fails gets a row saying why."},
        footer = {"", "Examples:",
            "  cmt compare ls.trace                                      the four named allocators",
            "  cmt compare --allocators glibc,jemalloc --touch page ls.trace",
            "  cmt compare --allocators glibc,./libmine.so ls.trace.zst"})
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--allocators", split = ",", paramLabel = "NAME|PATH",
            description = "Comma-separated allocators (default: glibc,jemalloc,mimalloc,tcmalloc).")
    List<String> allocators = Allocator.NAMED;

    @Option(names = "--layout", description = "Also measure each replay's layout beside the recording's: the peak "
            + "working set (4 KiB pages covered by live blocks) and page fragmentation (that over the pages the "
            + "live bytes need), from the trace each replay re-emits (written to a temporary file and deleted).")
    boolean layout;

    @Mixin
    ReplayOptions options;

    @Mixin
    InputOptions input;

    @Parameters(paramLabel = "IN", description = "The trace (text or legacy CMT, possibly compressed).")
    Path in;

    @Override
    public Integer call() {
        Comparison c = Comparison.run(options.replay(allocators.get(0), input), allocators, in, layout);
        System.out.print(c);
        return c.failures().isEmpty() ? Defaults.EXIT_OK : Defaults.EXIT_BAD_INPUT;
    }
}
