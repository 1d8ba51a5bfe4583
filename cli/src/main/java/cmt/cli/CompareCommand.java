package cmt.cli;

import cmt.replay.Allocator;
import cmt.codec.Op;
import cmt.replay.Comparison;
import cmt.replay.ReplayResult;
import cmt.replay.Touch;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    @Mixin
    ReplayOptions options;

    @Mixin
    InputOptions input;

    @Parameters(paramLabel = "IN", description = "The trace (text or legacy CMT, possibly compressed).")
    Path in;

    @Override
    public Integer call() {
        Comparison c = Comparison.run(options.replay(allocators.get(0), input), allocators, in);
        System.out.print(format(c, in, options.touch));
        return c.failures().isEmpty() ? Defaults.EXIT_OK : Defaults.EXIT_BAD_INPUT;
    }

    /** One aligned row per allocator (the table is not used here: tablesaw is slow to start). */
    static String format(Comparison c, Path in, Touch touch) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s replayed with touch %s; latencies are means of sampled calls%n",
                in, touch));
        b.append(String.format(Locale.ROOT, "%-12s %14s %9s %9s %9s %9s %9s %12s %12s %12s %9s%n", "allocator",
                "events", "wall ms", "ns/event", "malloc", "realloc", "free", "RSS before", "RSS peak",
                "live peak", "usable+%"));
        for (String a : c.allocators()) {
            String failure = c.failures().get(a);
            if (failure != null) {
                b.append(String.format(Locale.ROOT, "%-12s %s%n", a, failure));
                continue;
            }
            ReplayResult r = c.result(a);
            b.append(String.format(Locale.ROOT, "%-12s %,14d %9.1f %9s %9s %9s %9s %12s %12s %12s %9s%n", a,
                    r.events(), r.wallNanos() / 1e6, number(r.nanosPerEvent()), ns(r, Op.MALLOC), ns(r, Op.REALLOC),
                    ns(r, Op.FREE), mib(r.rssBefore()), mib(r.rssPeak()), mib(r.peakLiveRequested()),
                    number(r.usableOverhead() * 100)));
        }
        return b.toString();
    }

    private static String ns(ReplayResult r, Op op) {
        return number(r.meanNanos(op));
    }

    /** One decimal, or - for what was not measured (NaN). */
    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
