package cmt.dsl;

import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * The one-page HTML report of a trace ({@code cmt report}): the summary tables and the charts, with
 * plotly.js inlined so that the page reads offline from disk. Every analysis runs in one pass.
 *
 * <p>Sections, in order: summary ({@link Trace#stats()}), live heap and working set charts, sizes
 * (chart and table), lifetimes (CDF and table), gaps between neighbours (chart and table), fragmentation
 * (with definitions), heap map, encoding sizes, and the call sites (the top sites, a flame graph, live
 * bytes of the top five sites over time, the top functions and lifetime predictability by site) or a line
 * saying the trace has none.
 */
public final class Report {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
            h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:1em 0;font-size:.9em}
            th,td{border:1px solid #ddd;padding:.25em .6em}th{background:#f4f4f4}
            p.view{color:#555}
            """;

    /** Rows of the call-site tables. */
    static final int SITES = 20;
    /** Frames of each stack the call-site table shows. */
    static final int FRAMES = 4;

    private Report() {
    }

    /** The report of {@code trace} as a self-contained HTML page. */
    public static String html(Trace trace) {
        trace.compute(Analysis.values());
        Table stats = trace.stats();
        StringBuilder b = new StringBuilder();
        b.append("<h1>cmt report: ").append(Html.escape(trace.name())).append("</h1>\n");
        b.append("<p class=\"view\">").append(Html.escape(trace.toString())).append(": ")
                .append(trace.format() == null ? "" : trace.format().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(" trace, ").append(Numbers.format(trace.count())).append(" events, ")
                .append(trace.pageSize()).append("-byte pages.</p>\n");
        section(b, "Summary", table(stats));
        section(b, "Live heap", Charts.fragment(Charts.live(trace.live())));
        section(b, "Working set", Charts.fragment(Charts.pages(trace.pages())));
        Table sizes = trace.sizes();
        section(b, "Sizes", Charts.fragment(Charts.sizes(sizes)) + table(sizes));
        Table lifetimes = trace.lifetimes();
        section(b, "Lifetimes", Charts.fragment(Charts.lifetimes(lifetimes)) + table(lifetimes));
        Table gaps = trace.layout();
        section(b, "Gaps between address neighbours", Charts.fragment(Charts.gaps(gaps)) + table(gaps));
        section(b, "Fragmentation", table(trace.fragmentation()));
        section(b, "Heap map", Charts.fragment(Charts.heapMap(trace.heapMap())));
        section(b, "Encoding", table(trace.encoding()));
        boolean sites = trace.hasSites();
        if (sites) {
            Table bySite = trace.sites();
            section(b, "Call sites", "<p>Which code holds the heap: the sites with the most bytes live at the peak "
                    + "(of " + Numbers.format(bySite.rowCount()) + "), then the flame graph of all of them and the live "
                    + "bytes of the top five over time; stacks show their innermost " + FRAMES + " frames.</p>\n"
                    + table(By.innermost(bySite.first(SITES), FRAMES)) + Charts.fragment(Charts.flame(bySite))
                    + Charts.fragment(Charts.siteLive(trace.siteLive(5))));
            section(b, "Call sites by function", table(trace.sites(By.FUNCTION).first(SITES)));
            section(b, "Lifetime predictability by site", table(trace.predictability()));
        } else {
            section(b, "Call sites", "<p>" + Html.escape(Trace.NO_SITES) + ".</p>");
        }
        return Charts.page("cmt report: " + trace.name(), PlotlyJs.CARTESIAN, STYLE, b.toString());
    }

    private static String table(Table t) {
        return HtmlTable.of(t).whole();
    }

    private static void section(StringBuilder b, String title, String content) {
        b.append("<h2>").append(Html.escape(title)).append("</h2>\n").append(content).append('\n');
    }
}
