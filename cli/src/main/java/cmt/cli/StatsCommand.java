package cmt.cli;

import cmt.codec.Op;
import cmt.dsl.Trace;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import cmt.dsl.Stats;
import java.util.List;

/** {@code cmt stats}: the {@link Trace#stats()} table of a trace, printed for reading. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Print a summary of a trace: events by op, bytes allocated and freed, peak live blocks and "
                + "bytes (with the event where each peak was first reached), what is live at the end, and "
                + "percentiles of block sizes and lifetimes (in events). One streaming pass; memory follows "
                + "the live blocks.",
                "", "Examples:", "  cmt stats ls.trace", "  cmt stats --lenient firefox.trace.zst",
                "  some-recorder | cmt stats -"})
final class StatsCommand implements Callable<Integer> {
    private static final Set<String> OPS = Arrays.stream(Op.values())
            .map(op -> op.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

    @Mixin
    TraceOptions trace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Trace t = trace.open();
        // Typed, not the table: a first tablesaw table scans the class path, longer than a small trace's read.
        Stats stats = t.summary();
        trace.reportRepairs(t);
        PrintWriter out = spec.commandLine().getOut();
        out.print(format(t, stats.measures()));
        out.flush();
        return Defaults.EXIT_OK;
    }

    /**
     * The summary as text: a header naming the input and its format, then one measure per line with its
     * value grouped by thousands and its unit; the per-op counts are indented under {@code events} and a
     * peak's event index follows the peak.
     */
    static String format(Trace t, List<Stats.Measure> stats) {
        StringBuilder b = new StringBuilder();
        b.append(t.name()).append(": ").append(t.format().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(" trace\n");
        int rows = stats.size();
        for (int r = 0; r < rows; r++) {
            Stats.Measure m = stats.get(r);
            String measure = m.name();
            if (measure.endsWith(" at")) {
                continue;
            }
            boolean perOp = OPS.contains(measure);
            b.append(String.format(Locale.ROOT, "%-24s %16s %s", (perOp ? "  " : "") + measure, m.shown(), m.unit()));
            if (r + 1 < rows && stats.get(r + 1).name().equals(measure + " at")) {
                long at = stats.get(r + 1).value();
                b.append(at < 0 ? "" : String.format(Locale.ROOT, " (at event %,d)", at));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
