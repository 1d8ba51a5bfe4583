package cmt.cli;

import cmt.replay.Allocator;
import cmt.replay.Comparison;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

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
        System.out.print(format(c.table(), options.touch.toString()));
        return c.failures().isEmpty() ? Defaults.EXIT_OK : Defaults.EXIT_BAD_INPUT;
    }

    /** The table as aligned text; the status of a failed replay is printed after the row. */
    static String format(Table t, String touch) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s (touch %s; latencies are means of sampled calls, in ns)%n",
                t.name(), touch));
        b.append(String.format(Locale.ROOT, "%-12s %14s %9s %9s %9s %9s %12s %12s %12s %12s %9s%n", "allocator",
                "events", "wall ms", "ns/event", "malloc", "realloc", "free", "RSS before", "RSS peak",
                "live peak", "usable+%"));
        for (Row r : t) {
            String name = r.getString("allocator");
            if (!r.getString("status").equals("ok")) {
                b.append(String.format(Locale.ROOT, "%-12s %s%n", name, r.getString("status")));
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-12s %,14d %9s %9s %9s %9s %12s %12s %12s %12s %9s%n", name,
                    r.getLong("events"), num(r, "wall_ms"), num(r, "ns_per_event"), num(r, "malloc_ns"),
                    num(r, "realloc_ns"), num(r, "free_ns") , mib(r, "rss_before_mib"), mib(r, "rss_peak_mib"),
                    mib(r, "live_peak_mib"), num(r, "usable_overhead_pct")));
        }
        return b.toString();
    }

    private static String num(Row r, String column) {
        return r.isMissing(column) ? "-" : String.format(Locale.ROOT, "%.1f", r.getDouble(column));
    }

    private static String mib(Row r, String column) {
        return r.isMissing(column) ? "-" : String.format(Locale.ROOT, "%.1f MiB", r.getDouble(column));
    }
}
