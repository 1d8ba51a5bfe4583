package cmt.replay;

import cmt.dsl.Html;
import cmt.dsl.HtmlTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The same trace replayed through several allocators, one after the other, each as {@code base} says
 * (touch mode, isolation...). An allocator that fails or crashes gets a row that says so; the others
 * still run.
 *
 * <pre>{@code
 * Comparison c = Comparison.run(Replay.of("glibc").touch(Touch.PAGE), Allocator.NAMED, Path.of("ls.trace"));
 * c.table();   // one row per allocator
 * System.out.print(c);   // the same as cmt compare prints it
 * }</pre>
 */
public final class Comparison {
    private final Path input;
    private final Touch touch;
    private final Map<String, ReplayResult> results = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    /** By allocator, and {@link #RECORDED} for the input: peak working set and page fragmentation. */
    private final Map<String, double[]> layouts = new LinkedHashMap<>();

    /** The key of the recorded trace's own layout in {@link #layout}. */
    public static final String RECORDED = "recorded";

    private Comparison(Path input, Touch touch) {
        this.input = input;
        this.touch = touch;
    }

    /** Replays {@code trace} through each of {@code allocators} with the settings of {@code base}. */
    public static Comparison run(Replay base, List<String> allocators, Path trace) {
        return run(base, allocators, trace, false);
    }

    /**
     * {@link #run(Replay, List, Path)}, and with {@code layout} each replay's peak working set and page
     * fragmentation beside the recording's ({@link #layout}): each replay re-emits the trace into a
     * temporary file, which the DSL's page and layout analyses read and which is then deleted.
     */
    public static Comparison run(Replay base, List<String> allocators, Path trace, boolean layout) {
        Comparison c = new Comparison(trace, base.touch());
        if (layout) {
            c.layouts.put(RECORDED, measure(cmt.dsl.Trace.open(trace).leniency(base.leniency())));
        }
        for (String a : allocators) {
            c.order.add(a);
            Path emitted = null;
            try {
                Replay r = base.allocator(a);
                if (layout) {
                    emitted = java.nio.file.Files.createTempFile("cmt-compare-", ".trace");
                    r = r.output(emitted).overwrite(true);
                }
                ReplayResult result = r.run(trace);
                c.results.put(a, result);
                if (layout) {
                    c.layouts.put(a, measure(cmt.dsl.Trace.open(emitted)));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (ReplayException e) {
                c.failures.put(a, e.getMessage().startsWith(a + ": ") ? e.getMessage().substring(a.length() + 2)
                        : e.getMessage());
            } finally {
                if (emitted != null) {
                    emitted.toFile().delete();
                }
            }
        }
        return c;
    }

    /** {peak working set (pages), page fragmentation} of a trace, 4 KiB pages. */
    private static double[] measure(cmt.dsl.Trace t) {
        Table f = t.fragmentation();
        return new double[] {value(f, "peak working set"), value(f, "page fragmentation")};
    }

    private static double value(Table f, String measure) {
        return f.doubleColumn("value").get(f.stringColumn("measure").indexOf(measure));
    }

    /**
     * {peak working set in 4 KiB pages, page fragmentation (peak working set / pages needed)} of the
     * replay through {@code allocator}, or of the input for {@link #RECORDED}; null unless the comparison
     * was run with its layouts.
     */
    public double[] layout(String allocator) {
        double[] l = layouts.get(allocator);
        return l == null ? null : l.clone();
    }

    /** The replays that finished, in the order asked. */
    public List<ReplayResult> results() {
        return List.copyOf(results.values());
    }

    /** The allocators, in the order asked. */
    public List<String> allocators() {
        return Collections.unmodifiableList(order);
    }

    /** The result of {@code allocator}'s replay, or null if it failed (see {@link #failures()}). */
    public ReplayResult result(String allocator) {
        return results.get(allocator);
    }

    /** Allocator -> why its replay did not finish. */
    public Map<String, String> failures() {
        return Collections.unmodifiableMap(failures);
    }

    /** One row per allocator, in the order asked; see {@link ReplayResult#summary()} for the columns. */
    public Table table() {
        Summary s = new Summary("allocators replaying "
                + (input.getFileName() == null ? input : input.getFileName()));
        for (String a : order) {
            if (failures.containsKey(a)) {
                s.failed(a, failures.get(a));
            } else {
                s.add(result(a));
            }
        }
        return s.table();
    }

    /** The trace replayed. */
    public Path input() {
        return input;
    }

    /** What was done to each block after it was allocated, in every replay. */
    public Touch touch() {
        return touch;
    }

    /** One aligned row per allocator, as {@code cmt compare} prints it (no tablesaw: it is slow to start). */
    @Override
    public String toString() {
        return Report.of(this);
    }

    /** The comparison as an HTML table, for notebooks, with the reason of every failed replay. */
    public String toHtml() {
        StringBuilder b = new StringBuilder(HtmlTable.of(table()).whole()).append('\n');
        failures.forEach((a, why) -> b.append("<p>").append(Html.escape(a)).append(": ")
                .append(Html.escape(why)).append("</p>\n"));
        return b.toString();
    }
}
