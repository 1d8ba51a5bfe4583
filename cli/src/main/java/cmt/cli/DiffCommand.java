package cmt.cli;

import cmt.dsl.By;
import cmt.dsl.Trace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/** {@code cmt diff}: two traces of one program compared call site by call site ({@link Trace#diff}). */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two traces of the same program (two runs, two inputs, a recording and its "
                + "replay) site by site, as heaptrack -d does: per stack (or function, line, module) the "
                + "blocks before and after, and the change in bytes allocated, live at the peak, the site's "
                + "own peak, live at the end, and the median lifetime; sorted by the change in own peak. "
                + "Sites are matched by their frames, so the recorders' site numbers need not agree.",
                "", "Examples:", "  cmt diff before.trace after.trace --by function",
                "  cmt diff -n 10 run1.trace.xz run2.trace.xz"})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BEFORE", description = "The first trace.")
    String before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The second trace.")
    String after;

    @Mixin
    InputOptions in;

    @Option(names = "--by", paramLabel = "WHAT", defaultValue = "site",
            description = "Match by site (the whole stack), function, line or module (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = {"-n", "--top"}, paramLabel = "N", defaultValue = "30",
            description = "Print the first N rows (default: ${DEFAULT-VALUE}; 0 for all).")
    int top;

    @Option(names = "--width", paramLabel = "CHARS", defaultValue = "60",
            description = "Cut text columns but the last at CHARS characters (default: ${DEFAULT-VALUE}).")
    int width;

    @Spec
    CommandSpec spec;

    private Trace open(String name) {
        Trace t = Trace.open(name).leniency(in.leniency());
        cmt.codec.TraceReader.ProgressListener p = in.progress(t.name());
        return p == null ? t : t.onProgress(p);
    }

    @Override
    public Integer call() {
        By group;
        try {
            group = By.named(by);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (top < 0 || width < 8) {
            throw new ParameterException(spec.commandLine(), "--top needs 0 or more rows, --width 8 or more characters");
        }
        if (before.equals("-") && after.equals("-")) {
            throw new ParameterException(spec.commandLine(), "only one of BEFORE and AFTER can be standard input");
        }
        Trace a = open(before);
        Trace b = open(after);
        Table table = Trace.diff(a, b).sites(group);
        in.reportRepairs(a.name(), a.repairs());
        in.reportRepairs(b.name(), b.repairs());
        PrintWriter out = spec.commandLine().getOut();
        out.println(table.name() + (top > 0 && table.rowCount() > top
                ? " (first " + top + " of " + table.rowCount() + ")" : " (" + table.rowCount() + ")"));
        out.print(TextTable.format(TextTable.textLast(top > 0 ? table.first(top) : table), width));
        out.flush();
        return Defaults.EXIT_OK;
    }
}
