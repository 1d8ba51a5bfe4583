package cmt.cli;

import cmt.dsl.By;
import cmt.dsl.Trace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code cmt sites}: which code made the heap, the {@link Trace#sites(By)} table, printed for reading. */
@Command(name = "sites", mixinStandardHelpOptions = true,
        description = {"Print the call sites of a trace, one row per site (or per function, source line or "
                + "module of the allocator's caller): blocks and bytes allocated, bytes live at the peak of "
                + "the whole heap and at the end, the site's own peak, lifetime percentiles in events (and ns "
                + "where the trace has times), the share of blocks dying within 1,000 events, and sizes; "
                + "sorted by the bytes live at the peak. --predict prints instead how often a block's "
                + "lifetime class is its site's majority class, at stack depths 1 to 8: would segregating "
                + "by site work? One streaming pass (a second, for the site table, when grouping other than by site); "
                + "memory follows the sites and the live blocks.",
                "", "Examples:", "  cmt sites python.trace.xz --top 20",
                "  cmt sites --by function python.trace.xz",
                "  cmt sites --predict python.trace.xz"})
final class SitesCommand implements Callable<Integer> {
    @Mixin
    TraceOptions trace;

    @Option(names = "--by", paramLabel = "WHAT", defaultValue = "site",
            description = "Group by site (the whole stack), function, line or module (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30",
            description = "Print the first N rows (default: ${DEFAULT-VALUE}; 0 for all).")
    int top;

    @Option(names = "--depth", paramLabel = "D", description = "Group by the innermost D frames of each stack.")
    Integer depth;

    @Option(names = "--predict", description = "Print lifetime predictability by site instead.")
    boolean predict;

    @Option(names = "--wide", description = "Print every column of the table, not only the main ones.")
    boolean wide;

    /** The columns printed without --wide: enough to see who holds the heap and for how long. */
    private static final String[] MAIN = {"blocks", "allocated (bytes)", "live at peak (bytes)", "live at end (bytes)",
        "own peak (bytes)", "lifetime p50 (events)", "dies within 1000 events (fraction)"};

    @Option(names = "--width", paramLabel = "CHARS", defaultValue = "60",
            description = "Cut text columns but the last at CHARS characters (default: ${DEFAULT-VALUE}).")
    int width;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        By group;
        try {
            group = depth != null ? By.stack(depth) : By.named(by);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (top < 0 || width < 8) {
            throw new ParameterException(spec.commandLine(), "--top needs 0 or more rows, --width 8 or more characters");
        }
        Trace t = trace.open();
        Table table = predict ? t.predictability() : t.sites(group);
        trace.reportRepairs(t);
        PrintWriter out = spec.commandLine().getOut();
        out.println(t.name() + ": " + table.name() + (top > 0 && !predict && table.rowCount() > top
                ? " (first " + top + " of " + table.rowCount() + ")" : " (" + table.rowCount() + ")"));
        if (!predict) {
            Table rows = top > 0 ? table.first(top) : table;
            if (!wide) {
                java.util.List<String> names = new java.util.ArrayList<>();
                if (rows.columnNames().contains("site")) {
                    names.add("site");
                }
                names.addAll(java.util.List.of(MAIN));
                names.add(rows.column(names.contains("site") ? 1 : 0).name());
                rows = rows.selectColumns(names.toArray(new String[0]));
            }
            table = TextTable.textLast(rows);
        }
        out.print(TextTable.format(table, width));
        out.flush();
        return Defaults.EXIT_OK;
    }
}
